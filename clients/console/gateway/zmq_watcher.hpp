// SPDX-License-Identifier: Apache-2.0
// A ZeroMQ socket driven by the gateway's Asio loop: libzmq's notification
// fd (ZMQ_FD) is waited on with Asio, and every whole multipart message is
// handed to a callback. ZMQ_FD is edge-triggered, so after each wake-up and
// each send the socket is drained until ZMQ_EVENTS says nothing is left.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <zmq.hpp>

namespace ktpel::console {

using Frames = std::vector<zmq::message_t>;

class ZmqWatcher : public std::enable_shared_from_this<ZmqWatcher>
{
public:
    using OnMessage = std::function<void(Frames)>;

    ZmqWatcher(boost::asio::io_context& io, zmq::socket_t socket, OnMessage on_message);
    ~ZmqWatcher();
    ZmqWatcher(const ZmqWatcher&) = delete;
    ZmqWatcher& operator=(const ZmqWatcher&) = delete;

    // Starts waiting; call once, after construction through make_shared.
    void start();
    // Sends without blocking; false when the socket would block (its
    // high-water mark is reached: the caller refuses the request).
    bool send(Frames frames);
    // Stops callbacks and closes the socket now (linger 0).
    void close();

    zmq::socket_t& socket() noexcept { return socket_; }

private:
    void wait();
    void drain();

    boost::asio::io_context& io_;
    zmq::socket_t socket_;
    // Not the owner of the fd: libzmq is. release() before the socket closes.
    boost::asio::posix::stream_descriptor readiness_;
    OnMessage on_message_;
    bool closed_ = false;
};

} // namespace ktpel::console
