// SPDX-License-Identifier: Apache-2.0
#include "vpcd_link.hpp"

#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include "common/unique_fd.hpp"
#include "vpcd_error.hpp"
#include "vpcd_protocol.hpp"

namespace ktpel::sim::vpcd {

namespace {

constexpr std::size_t max_atr_size = 33; // pcscd's MAX_ATR_SIZE

std::string errno_text(int error)
{
    return std::strerror(error);
}

// vpcd's ports (35963...) lie in Linux's ephemeral port range. Connecting
// to such a port on the loopback while nothing listens there can pick the
// same port as the source and connect the socket to itself (TCP
// simultaneous open): the card would then talk to itself and hold the port
// that pcscd is about to bind. Such a connection counts as refused.
bool connected_to_itself(int socket)
{
    sockaddr_storage local{};
    sockaddr_storage peer{};
    socklen_t local_size = sizeof local;
    socklen_t peer_size = sizeof peer;
    if (getsockname(socket, reinterpret_cast<sockaddr*>(&local), &local_size) != 0 ||
        getpeername(socket, reinterpret_cast<sockaddr*>(&peer), &peer_size) != 0)
        return false;
    return local_size == peer_size && std::memcmp(&local, &peer, local_size) == 0;
}

struct AddrinfoDeleter
{
    void operator()(addrinfo* list) const noexcept { freeaddrinfo(list); }
};

UniqueFd connect_socket(const std::string& host, std::uint16_t port, const std::string& endpoint)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0)
        throw VpcdError("cannot resolve vpcd host " + host + ": " + gai_strerror(rc));
    const std::unique_ptr<addrinfo, AddrinfoDeleter> addresses(found);

    int last_error = 0;
    for (const addrinfo* address = found; address; address = address->ai_next) {
        UniqueFd socket(::socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC,
                                 address->ai_protocol));
        if (!socket) {
            last_error = errno;
            continue;
        }
        if (::connect(socket.get(), address->ai_addr, address->ai_addrlen) == 0) {
            if (connected_to_itself(socket.get())) {
                last_error = ECONNREFUSED;
                continue;
            }
            // Request and answer are single small frames: never hold one back.
            const int one = 1;
            setsockopt(socket.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            return socket;
        }
        last_error = errno;
    }
    const std::string message =
        "cannot connect to vpcd at " + endpoint + ": " + errno_text(last_error);
    if (last_error == ECONNREFUSED)
        throw VpcdNotListening(message);
    throw VpcdError(message);
}

} // namespace

struct VpcdLink::Connection
{
    enum class Read
    {
        done,
        stopped,
        eof,
    };

    UniqueFd socket;
    UniqueFd wake; // an eventfd: the stop callback makes poll() return
    std::string endpoint;
    std::atomic<bool> closed_locally{false};
    std::atomic<bool> dead{false}; // written by the serving thread only

    void signal_wake() noexcept
    {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto written = ::write(wake.get(), &one, sizeof one);
    }

    void drain_wake() noexcept
    {
        std::uint64_t count = 0;
        [[maybe_unused]] const auto got = ::read(wake.get(), &count, sizeof count);
    }

    // Fills `buffer` completely unless stop is requested or the peer goes.
    Read read_exact(std::span<std::uint8_t> buffer, const std::stop_token& stop)
    {
        std::size_t filled = 0;
        while (filled < buffer.size()) {
            if (stop.stop_requested())
                return Read::stopped;
            std::array<pollfd, 2> watched{{{socket.get(), POLLIN, 0}, {wake.get(), POLLIN, 0}}};
            if (::poll(watched.data(), watched.size(), -1) < 0) {
                if (errno == EINTR)
                    continue;
                throw VpcdError("poll on the vpcd link " + endpoint + ": " + errno_text(errno));
            }
            if (watched[1].revents & POLLIN)
                drain_wake();
            if (!watched[0].revents)
                continue;
            const auto got =
                ::recv(socket.get(), buffer.data() + filled, buffer.size() - filled, MSG_DONTWAIT);
            if (got == 0)
                return Read::eof;
            if (got < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                    continue;
                if (errno == ECONNRESET || errno == EPIPE || errno == ENOTCONN)
                    return Read::eof;
                throw VpcdError("reading from vpcd at " + endpoint + ": " + errno_text(errno));
            }
            filled += static_cast<std::size_t>(got);
            // vpcd sends power controls that get no answer and then, at
            // once, the next request; with its Nagle on, that request waits
            // for our ACK, which Linux delays up to 40 ms. Acknowledging at
            // once takes ~45 ms off every connect and reset. Linux clears
            // the flag again by itself, hence after every read.
            const int one = 1;
            setsockopt(socket.get(), IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
        }
        return Read::done;
    }

    // False if the peer is gone.
    bool send_frame(std::span<const std::uint8_t> payload)
    {
        const auto frame = encode_frame(payload);
        std::size_t sent = 0;
        while (sent < frame.size()) {
            const auto put =
                ::send(socket.get(), frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
            if (put < 0) {
                if (errno == EINTR)
                    continue;
                if (errno == EPIPE || errno == ECONNRESET || errno == ENOTCONN)
                    return false;
                throw VpcdError("writing to vpcd at " + endpoint + ": " + errno_text(errno));
            }
            sent += static_cast<std::size_t>(put);
        }
        return true;
    }

    void shut_down() noexcept
    {
        closed_locally = true;
        ::shutdown(socket.get(), SHUT_RDWR);
    }

    ServeEnd end_of_stream()
    {
        dead = true;
        return closed_locally ? ServeEnd::closed : ServeEnd::vpcd_closed;
    }
};

VpcdLink::VpcdLink(const std::string& host, std::uint16_t port)
    : connection_(std::make_unique<Connection>())
{
    connection_->endpoint = host + ":" + std::to_string(port);
    connection_->wake = UniqueFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!connection_->wake)
        throw VpcdError("eventfd: " + errno_text(errno));
    connection_->socket = connect_socket(host, port, connection_->endpoint);
}

VpcdLink::~VpcdLink() = default;
VpcdLink::VpcdLink(VpcdLink&&) noexcept = default;
VpcdLink& VpcdLink::operator=(VpcdLink&&) noexcept = default;

VpcdLink::ServeEnd VpcdLink::serve(VirtualCard& card, std::stop_token stop)
{
    if (!connection_)
        return ServeEnd::closed;
    Connection& link = *connection_;
    if (link.dead || link.closed_locally)
        return link.closed_locally ? ServeEnd::closed : ServeEnd::vpcd_closed;

    const std::stop_callback wake_on_stop(stop, [&link] { link.signal_wake(); });
    std::vector<std::uint8_t> payload;
    try {
        for (;;) {
            std::array<std::uint8_t, header_size> header{};
            switch (link.read_exact(header, stop)) {
            case Connection::Read::stopped:
                return ServeEnd::stop_requested;
            case Connection::Read::eof:
                return link.end_of_stream();
            case Connection::Read::done:
                break;
            }
            payload.resize(decode_length(header));
            switch (link.read_exact(payload, stop)) {
            case Connection::Read::stopped:
                // Half a frame is read: the stream cannot be resumed.
                link.shut_down();
                link.dead = true;
                return ServeEnd::stop_requested;
            case Connection::Read::eof:
                return link.end_of_stream();
            case Connection::Read::done:
                break;
            }
            if (payload.empty())
                continue; // vpcd never sends one; nothing to answer

            std::vector<std::uint8_t> answer;
            bool answers = true;
            if (const auto control = control_of(payload)) {
                switch (*control) {
                case Control::power_off:
                    card.power_off();
                    answers = false;
                    break;
                case Control::power_on:
                    card.power_on();
                    answers = false;
                    break;
                case Control::reset:
                    card.reset();
                    answers = false;
                    break;
                case Control::get_atr:
                    answer = card.atr();
                    if (answer.size() < 2 || answer.size() > max_atr_size)
                        throw VpcdError("the card's ATR has " + std::to_string(answer.size()) +
                                        " bytes; pcscd takes 2 to 33");
                    break;
                }
            } else {
                answer = card.transmit(payload);
                // vpcd takes an empty answer for the card leaving the reader.
                if (answer.empty() || answer.size() > max_payload_size)
                    throw VpcdError("the card answered an APDU with " +
                                    std::to_string(answer.size()) +
                                    " bytes; vpcd takes 1 to 65535");
            }
            if (answers && !link.send_frame(answer))
                return link.end_of_stream();
        }
    } catch (...) {
        link.shut_down();
        link.dead = true;
        throw;
    }
}

void VpcdLink::close() noexcept
{
    if (connection_)
        connection_->shut_down();
}

bool VpcdLink::connected() const noexcept
{
    return connection_ && !connection_->closed_locally && !connection_->dead;
}

const std::string& VpcdLink::endpoint() const noexcept
{
    static const std::string none;
    return connection_ ? connection_->endpoint : none;
}

std::optional<VpcdLink> connect_when_listening(const std::string& host, std::uint16_t port,
                                               std::stop_token stop,
                                               std::chrono::milliseconds retry_interval)
{
    std::mutex mutex;
    std::condition_variable_any stopped;
    while (!stop.stop_requested()) {
        try {
            return VpcdLink(host, port);
        } catch (const VpcdNotListening&) {
            // Not listening yet (pcscd starting or restarting): try again.
        }
        std::unique_lock lock(mutex);
        stopped.wait_for(lock, stop, retry_interval, [] { return false; });
    }
    return std::nullopt;
}

} // namespace ktpel::sim::vpcd
