// SPDX-License-Identifier: Apache-2.0
// The timed client: a bare DEALER socket that sends one request header and
// waits for every frame of the reply, with no decoding on the clock. The
// same client times ktpeld and the replay server, so the two figures differ
// only by the server.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <zmq.hpp>

namespace ktpel::bench {

struct Delivery
{
    // From the first byte handed to ZeroMQ to the last frame of the reply
    // in the client's hands.
    std::chrono::nanoseconds elapsed{};
    // As a DEALER receives them: the empty delimiter, the header, the blobs.
    std::vector<zmq::message_t> frames;
};

class FrameClient
{
public:
    FrameClient(zmq::context_t& context, const std::string& endpoint,
                std::chrono::milliseconds timeout);

    // Throws std::runtime_error when no reply comes within the timeout: a
    // lost reply would leave a DEALER out of step, so the run is over.
    Delivery round_trip(const std::string& header);

private:
    std::string endpoint_;
    std::chrono::milliseconds timeout_;
    zmq::socket_t socket_;
};

} // namespace ktpel::bench
