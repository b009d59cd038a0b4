// SPDX-License-Identifier: Apache-2.0
#include "replay_server.hpp"

#include <cerrno>
#include <iostream>
#include <iterator>

#include <zmq_addon.hpp>

namespace ktpel::bench {

ReplayServer::ReplayServer(const std::string& endpoint,
                           std::vector<std::vector<std::uint8_t>> reply)
    : reply_(std::move(reply)), socket_(context_, zmq::socket_type::router)
{
    socket_.set(zmq::sockopt::linger, 0);
    socket_.bind(endpoint);
    thread_ = std::jthread([this] { serve(); });
}

ReplayServer::~ReplayServer()
{
    context_.shutdown(); // recv in serve() fails with ETERM; thread_ joins before socket_ closes
}

void ReplayServer::serve()
{
    std::vector<zmq::message_t> request;
    try {
        for (;;) {
            request.clear();
            if (!zmq::recv_multipart(socket_, std::back_inserter(request)) || request.empty())
                continue;
            std::vector<zmq::message_t> frames;
            frames.reserve(1 + reply_.size());
            frames.push_back(std::move(request.front())); // the routing id
            // Zero-copy, as ktpeld sends its blobs (daemon/api/zmq_frames.cpp):
            // no free function, reply_ outlives every message.
            for (auto& frame : reply_)
                frames.emplace_back(frame.data(), frame.size(), nullptr, nullptr);
            zmq::send_multipart(socket_, frames);
        }
    } catch (const zmq::error_t& e) {
        if (e.num() != ETERM)
            std::cerr << "bundle_bench: replay server stopped: " << e.what() << "\n";
    }
}

} // namespace ktpel::bench
