// SPDX-License-Identifier: Apache-2.0
#include "frames.hpp"

#include <algorithm>
#include <cerrno>
#include <iterator>

#include <ktpel/client_error.hpp>

namespace ktpel::detail {

bool wait_readable(zmq::socket_ref socket, Clock::time_point deadline)
{
    for (;;) {
        const auto remaining = std::max(Clock::duration::zero(), deadline - Clock::now());
        zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
        try {
            zmq::poll(&item, 1, std::chrono::ceil<std::chrono::milliseconds>(remaining));
        } catch (const zmq::error_t& e) {
            if (e.num() == EINTR)
                continue;
            throw ClientError(ClientErrorKind::transport, std::string("poll failed: ") + e.what());
        }
        if ((item.revents & ZMQ_POLLIN) != 0)
            return true;
        if (Clock::now() >= deadline)
            return false;
    }
}

std::vector<zmq::message_t> receive_message(zmq::socket_ref socket)
{
    std::vector<zmq::message_t> frames;
    try {
        const auto received =
            zmq::recv_multipart(socket, std::back_inserter(frames), zmq::recv_flags::dontwait);
        if (!received)
            frames.clear(); // poll said readable, but nothing came: treat as spurious
    } catch (const zmq::error_t& e) {
        throw ClientError(ClientErrorKind::transport, std::string("receive failed: ") + e.what());
    }
    return frames;
}

std::span<const std::uint8_t> bytes_of(const zmq::message_t& frame) noexcept
{
    return {frame.data<std::uint8_t>(), frame.size()};
}

std::vector<Blob> to_blobs(std::span<const zmq::message_t> frames)
{
    std::vector<Blob> blobs;
    blobs.reserve(frames.size());
    for (const auto& frame : frames) {
        const auto bytes = bytes_of(frame);
        blobs.emplace_back(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
    }
    return blobs;
}

} // namespace ktpel::detail
