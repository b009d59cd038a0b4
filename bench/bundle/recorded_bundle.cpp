// SPDX-License-Identifier: Apache-2.0
#include "recorded_bundle.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include <ktpel/message.hpp>

namespace ktpel::bench {
namespace {

std::span<const std::uint8_t> bytes_of(const zmq::message_t& frame)
{
    return {frame.data<std::uint8_t>(), frame.size()};
}

// The decoded header of a successful reply to `request_id`.
nlohmann::json successful_reply_header(const Delivery& delivery, const std::string& request_id)
{
    if (delivery.frames.size() < 2 || delivery.frames.front().size() != 0)
        throw std::runtime_error("reply lacks the empty delimiter and a header");
    const auto header_bytes = bytes_of(delivery.frames[1]);
    Reply reply;
    try {
        reply = decode_reply(header_bytes, {});
    } catch (const ProtocolError& e) {
        throw std::runtime_error(std::string("undecodable reply header: ") + e.what());
    }
    if (!reply.ok) {
        const auto error = reply.error.value_or(Error{});
        throw std::runtime_error("biometrics.bundle refused: " +
                                 std::string(to_string(error.code)) + ": " + error.message);
    }
    if (reply.id != request_id)
        throw std::runtime_error("reply to request \"" + reply.id + "\", expected \"" + request_id +
                                 "\"");
    return reply.header();
}

} // namespace

RecordedBundle::RecordedBundle(const Delivery& first, const std::string& request_id)
    : header_(successful_reply_header(first, request_id))
{
    for (const auto& frame : first.frames) {
        const auto bytes = bytes_of(frame);
        frames_.emplace_back(bytes.begin(), bytes.end());
    }
    const auto announced = header_.at("result").value("bytes", std::size_t{0});
    if (blob_count() == 0 || announced != blob_bytes())
        throw std::runtime_error("bundle result says " + std::to_string(announced) +
                                 " bytes but carries " + std::to_string(blob_count()) +
                                 " blob(s) of " + std::to_string(blob_bytes()) + " bytes");
}

std::size_t RecordedBundle::blob_bytes() const noexcept
{
    return std::accumulate(frames_.begin() + 2, frames_.end(), std::size_t{0},
                           [](std::size_t sum, const auto& frame) { return sum + frame.size(); });
}

std::vector<std::span<const std::uint8_t>> RecordedBundle::blobs() const
{
    return {frames_.begin() + 2, frames_.end()};
}

void RecordedBundle::check_blobs(const Delivery& delivery, const char* server) const
{
    if (delivery.frames.size() != frames_.size())
        throw std::runtime_error(std::string(server) + " replied with " +
                                 std::to_string(delivery.frames.size()) + " frames, expected " +
                                 std::to_string(frames_.size()));
    for (std::size_t i = 2; i < frames_.size(); ++i) {
        const auto received = bytes_of(delivery.frames[i]);
        if (!std::ranges::equal(received, frames_[i]))
            throw std::runtime_error(std::string(server) + " sent other bytes in blob " +
                                     std::to_string(i - 1) + " than the first bundle");
    }
}

void RecordedBundle::check_daemon_reply(const Delivery& delivery,
                                        const std::string& request_id) const
{
    successful_reply_header(delivery, request_id);
    check_blobs(delivery, "ktpeld");
}

void RecordedBundle::check_replay(const Delivery& delivery) const
{
    check_blobs(delivery, "the replay server");
    if (delivery.frames[0].size() != 0 ||
        !std::ranges::equal(bytes_of(delivery.frames[1]), frames_[1]))
        throw std::runtime_error("the replay server's header differs from the recording");
}

} // namespace ktpel::bench
