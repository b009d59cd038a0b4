// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <zmq.hpp>

#include <ktpel/message.hpp>

namespace ktpel::daemon {

// A zero-copy frame: libzmq keeps the blob's storage alive until it has
// sent the bytes, so a 2 MB image is never copied on its way out.
zmq::message_t frame_of(const Blob& blob);
zmq::message_t frame_of(const std::string& text);

} // namespace ktpel::daemon
