// SPDX-License-Identifier: Apache-2.0
#include "zmq_watcher.hpp"

#include <iterator>

#include <boost/asio/post.hpp>
#include <zmq_addon.hpp>

#include "common/log.hpp"

namespace ktpel::console {

ZmqWatcher::ZmqWatcher(boost::asio::io_context& io, zmq::socket_t socket, OnMessage on_message)
    : io_(io), socket_(std::move(socket)), readiness_(io, socket_.get(zmq::sockopt::fd)),
      on_message_(std::move(on_message))
{
}

ZmqWatcher::~ZmqWatcher()
{
    close();
}

void ZmqWatcher::start()
{
    // Messages may already be queued: libzmq only signals edges.
    boost::asio::post(io_, [weak = weak_from_this()] {
        if (const auto self = weak.lock())
            self->drain();
    });
    wait();
}

void ZmqWatcher::close()
{
    if (closed_)
        return;
    closed_ = true;
    boost::system::error_code ignored; // cancelling a wait cannot fail in a way we could act on
    readiness_.cancel(ignored);
    readiness_.release();
    socket_.set(zmq::sockopt::linger, 0);
    socket_.close();
}

bool ZmqWatcher::send(Frames frames)
{
    if (closed_)
        return false;
    const auto sent = zmq::send_multipart(socket_, frames, zmq::send_flags::dontwait);
    // A send may consume the fd's edge for a reply that has arrived meanwhile.
    boost::asio::post(io_, [weak = weak_from_this()] {
        if (const auto self = weak.lock())
            self->drain();
    });
    return sent.has_value();
}

void ZmqWatcher::wait()
{
    if (closed_)
        return;
    readiness_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                          [weak = weak_from_this()](const boost::system::error_code& error) {
                              const auto self = weak.lock();
                              if (!self || error || self->closed_)
                                  return;
                              self->drain();
                              self->wait();
                          });
}

void ZmqWatcher::drain()
{
    while (!closed_ && (socket_.get(zmq::sockopt::events) & ZMQ_POLLIN) != 0) {
        Frames frames;
        if (!zmq::recv_multipart(socket_, std::back_inserter(frames), zmq::recv_flags::dontwait))
            return;
        // The callback may close us; keep the object alive until it returns.
        const auto keep = shared_from_this();
        on_message_(std::move(frames));
    }
}

} // namespace ktpel::console
