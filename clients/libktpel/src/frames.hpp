// SPDX-License-Identifier: Apache-2.0
// Private helpers shared by Client and EventSubscriber: waiting on a socket
// and moving multipart frames in and out of Blobs.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <ktpel/message.hpp>

namespace ktpel::detail {

using Clock = std::chrono::steady_clock;

// True once `socket` has a message to read, false when `deadline` passes
// first. Always looks at least once, so a past deadline means "poll".
// Signals do not cut the wait short: the caller chose the deadline.
bool wait_readable(zmq::socket_ref socket, Clock::time_point deadline);

// The next whole multipart message; call only after wait_readable() said yes.
std::vector<zmq::message_t> receive_message(zmq::socket_ref socket);

std::span<const std::uint8_t> bytes_of(const zmq::message_t& frame) noexcept;

// Copies because a Blob outlives the zmq message it arrived in.
std::vector<Blob> to_blobs(std::span<const zmq::message_t> frames);

} // namespace ktpel::detail
