// SPDX-License-Identifier: Apache-2.0
#include <atomic>
#include <cstring>
#include <string_view>

#include <ktpel/event_subscriber.hpp>

#include "frames.hpp"

namespace ktpel {

EventSubscriber::EventSubscriber() : EventSubscriber(Endpoints::defaults().events) {}

EventSubscriber::EventSubscriber(std::string events_endpoint,
                                 std::vector<std::string> topic_prefixes,
                                 std::shared_ptr<zmq::context_t> context)
    : endpoint_(std::move(events_endpoint)),
      context_(context ? std::move(context) : std::make_shared<zmq::context_t>(1))
{
    try {
        socket_ = zmq::socket_t(*context_, zmq::socket_type::sub);
        socket_.set(zmq::sockopt::linger, 0);
        // Subscribing before connecting puts the filters into the very
        // first exchange with the daemon, shrinking the window in which
        // PUB drops our events.
        for (const auto& prefix : topic_prefixes)
            socket_.set(zmq::sockopt::subscribe, prefix);
        // Watch before connecting: libzmq drops monitor events nobody is
        // connected to receive, and the handshake can be that quick.
        static std::atomic<std::uint64_t> monitors{0};
        const std::string monitor_endpoint =
            "inproc://ktpel-event-subscriber-" + std::to_string(++monitors);
        if (zmq_socket_monitor(socket_.handle(), monitor_endpoint.c_str(),
                               ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_DISCONNECTED) != 0)
            throw zmq::error_t();
        monitor_ = zmq::socket_t(*context_, zmq::socket_type::pair);
        monitor_.set(zmq::sockopt::linger, 0);
        monitor_.connect(monitor_endpoint);
        socket_.connect(endpoint_);
    } catch (const zmq::error_t& e) {
        throw ClientError(ClientErrorKind::transport,
                          "cannot connect to " + endpoint_ + ": " + e.what());
    }
}

bool EventSubscriber::wait_connected(std::chrono::milliseconds timeout)
{
    const auto deadline = detail::Clock::now() + timeout;
    // Drain what happened so far, then wait for more only while still down.
    while (detail::wait_readable(monitor_, connected_ ? detail::Clock::now() : deadline)) {
        const auto frames = detail::receive_message(monitor_);
        // Frame 0: 16-bit event number and 32-bit value; frame 1: the address.
        std::uint16_t event = 0;
        if (frames.empty() || frames[0].size() < sizeof event)
            continue;
        std::memcpy(&event, frames[0].data(), sizeof event);
        if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
            connected_ = true;
        else if (event == ZMQ_EVENT_DISCONNECTED)
            connected_ = false;
    }
    return connected_;
}

void EventSubscriber::subscribe(const std::string& topic_prefix)
{
    socket_.set(zmq::sockopt::subscribe, topic_prefix);
}

void EventSubscriber::unsubscribe(const std::string& topic_prefix)
{
    socket_.set(zmq::sockopt::unsubscribe, topic_prefix);
}

std::optional<Event> EventSubscriber::next(std::chrono::milliseconds timeout)
{
    const auto deadline = detail::Clock::now() + timeout;
    while (detail::wait_readable(socket_, deadline)) {
        auto frames = detail::receive_message(socket_);
        if (frames.empty())
            continue;
        if (frames.size() < 2) {
            throw ClientError(ClientErrorKind::malformed_event,
                              "event from " + endpoint_ + " has no header frame");
        }
        const auto topic = frames[0].to_string_view();
        Event event;
        try {
            event = decode_event(detail::bytes_of(frames[1]),
                                 detail::to_blobs(std::span(frames).subspan(2)));
        } catch (const ProtocolError& e) {
            throw ClientError(ClientErrorKind::malformed_event, "undecodable event on topic \"" +
                                                                    std::string(topic) +
                                                                    "\": " + e.what());
        }
        // Filtering happened on frame 0; a header naming another topic
        // would slip past a subscriber that never asked for it.
        if (event.topic != topic) {
            throw ClientError(ClientErrorKind::malformed_event,
                              "event topic frame \"" + std::string(topic) +
                                  "\" differs from its header's \"" + event.topic + "\"");
        }
        return event;
    }
    return std::nullopt;
}

} // namespace ktpel
