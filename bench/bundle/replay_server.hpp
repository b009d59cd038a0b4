// SPDX-License-Identifier: Apache-2.0
// The baseline: a ROUTER in a thread of the bench that answers every request
// with one fixed multipart reply (the frames ktpeld sent for the bundle),
// without looking at the request. What is left is ZeroMQ over ipc://
// moving those bytes: framing, socket I/O, scheduling.
#pragma once

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <zmq.hpp>

namespace ktpel::bench {

class ReplayServer
{
public:
    // `reply` as a DEALER received it (delimiter, header, blobs); the
    // server puts the requester's routing id in front.
    ReplayServer(const std::string& endpoint, std::vector<std::vector<std::uint8_t>> reply);
    ~ReplayServer();
    ReplayServer(const ReplayServer&) = delete;
    ReplayServer& operator=(const ReplayServer&) = delete;

private:
    void serve();

    // Declared first, destroyed last: libzmq reads these buffers without
    // copying them until the context is gone.
    std::vector<std::vector<std::uint8_t>> reply_;
    // Its own context, hence its own I/O thread, as ktpeld has in its process.
    zmq::context_t context_;
    zmq::socket_t socket_;
    std::jthread thread_;
};

} // namespace ktpel::bench
