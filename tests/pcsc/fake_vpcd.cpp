// SPDX-License-Identifier: Apache-2.0
#include "fake_vpcd.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

namespace ktpel::test {

namespace {

constexpr int timeout_ms = 10000;

[[noreturn]] void fail(const std::string& what)
{
    throw std::runtime_error("fake vpcd: " + what + ": " + std::strerror(errno));
}

sockaddr_in loopback(std::uint16_t port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

std::uint16_t bound_port(int socket)
{
    sockaddr_in address{};
    socklen_t size = sizeof address;
    if (getsockname(socket, reinterpret_cast<sockaddr*>(&address), &size) != 0)
        fail("getsockname");
    return ntohs(address.sin_port);
}

bool wait_readable(int socket)
{
    pollfd watched{socket, POLLIN, 0};
    return ::poll(&watched, 1, timeout_ms) == 1;
}

} // namespace

FakeVpcd::FakeVpcd(std::uint16_t port)
{
    listener_ = ktpel::UniqueFd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!listener_)
        fail("socket");
    const int one = 1;
    setsockopt(listener_.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    const auto address = loopback(port);
    if (::bind(listener_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        fail("bind");
    if (::listen(listener_.get(), 1) != 0)
        fail("listen");
    port_ = bound_port(listener_.get());
}

void FakeVpcd::accept_card()
{
    if (!wait_readable(listener_.get()))
        throw std::runtime_error("fake vpcd: no card connected");
    card_ = ktpel::UniqueFd(::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (!card_)
        fail("accept");
}

void FakeVpcd::send_frame(std::span<const std::uint8_t> payload)
{
    std::vector<std::uint8_t> frame{static_cast<std::uint8_t>(payload.size() >> 8),
                                    static_cast<std::uint8_t>(payload.size() & 0xFF)};
    frame.insert(frame.end(), payload.begin(), payload.end());
    if (::send(card_.get(), frame.data(), frame.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(frame.size()))
        fail("send");
}

void FakeVpcd::send_frame_split(std::span<const std::uint8_t> payload)
{
    const std::uint8_t header[] = {static_cast<std::uint8_t>(payload.size() >> 8),
                                   static_cast<std::uint8_t>(payload.size() & 0xFF)};
    const int one = 1;
    setsockopt(card_.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::send(card_.get(), header, 1, MSG_NOSIGNAL) != 1)
        fail("send");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (::send(card_.get(), header + 1, 1, MSG_NOSIGNAL) != 1)
        fail("send");
    const std::size_t half = payload.size() / 2;
    if (::send(card_.get(), payload.data(), half, MSG_NOSIGNAL) != static_cast<ssize_t>(half))
        fail("send");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const std::size_t rest = payload.size() - half;
    if (::send(card_.get(), payload.data() + half, rest, MSG_NOSIGNAL) !=
        static_cast<ssize_t>(rest))
        fail("send");
}

bool FakeVpcd::read_exact(std::uint8_t* data, std::size_t size)
{
    std::size_t filled = 0;
    while (filled < size) {
        if (!wait_readable(card_.get()))
            throw std::runtime_error("fake vpcd: the card did not answer");
        const auto got = ::recv(card_.get(), data + filled, size - filled, 0);
        if (got == 0 || (got < 0 && errno == ECONNRESET))
            return false;
        if (got < 0)
            fail("recv");
        filled += static_cast<std::size_t>(got);
    }
    return true;
}

std::optional<std::vector<std::uint8_t>> FakeVpcd::receive_frame()
{
    std::uint8_t header[2];
    if (!read_exact(header, sizeof header))
        return std::nullopt;
    std::vector<std::uint8_t> payload((std::size_t{header[0]} << 8) | header[1]);
    if (!read_exact(payload.data(), payload.size()))
        return std::nullopt;
    return payload;
}

bool FakeVpcd::card_closed()
{
    std::uint8_t byte = 0;
    return !read_exact(&byte, 1);
}

std::uint16_t unused_port()
{
    ktpel::UniqueFd probe(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    const auto address = loopback(0);
    if (::bind(probe.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        fail("bind");
    return bound_port(probe.get());
}

} // namespace ktpel::test
