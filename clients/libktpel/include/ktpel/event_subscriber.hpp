// SPDX-License-Identifier: Apache-2.0
// Subscriber to the daemon's events socket (docs/protocol.md, "Events").
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <zmq.hpp>

#include <ktpel/client_error.hpp>
#include <ktpel/endpoints.hpp>
#include <ktpel/message.hpp>

namespace ktpel {

// A SUB connection filtered by topic prefix ("device." for every device
// event, "" for everything). PUB drops events published before the
// subscription reaches the daemon, so subscribe before doing what causes
// the events, and watch `seq` for gaps.
//
// Not thread-safe (a ZeroMQ socket is not).
class EventSubscriber
{
public:
    // Subscribes to every topic on Endpoints::defaults().events.
    EventSubscriber();
    // An empty `topic_prefixes` subscribes to nothing until subscribe().
    explicit EventSubscriber(std::string events_endpoint,
                             std::vector<std::string> topic_prefixes = {""},
                             std::shared_ptr<zmq::context_t> context = nullptr);

    EventSubscriber(EventSubscriber&&) = default;
    EventSubscriber& operator=(EventSubscriber&&) = default;

    // Waits until the connection to the daemon's PUB socket is up (ZMTP
    // handshake done), so the subscriptions are on their way before the
    // caller triggers the events it wants. False if not within `timeout`.
    bool wait_connected(std::chrono::milliseconds timeout);

    void subscribe(const std::string& topic_prefix);
    void unsubscribe(const std::string& topic_prefix);

    // The next event, or nullopt when none came within `timeout`. Throws
    // ClientError(malformed_event) for an event that breaks the protocol;
    // it is consumed, so the next call goes on with the following one.
    std::optional<Event> next(std::chrono::milliseconds timeout);

    const std::string& endpoint() const noexcept { return endpoint_; }

private:
    std::string endpoint_;
    std::shared_ptr<zmq::context_t> context_;
    zmq::socket_t socket_;
    zmq::socket_t monitor_; // libzmq's connection events for socket_
    bool connected_ = false;
};

} // namespace ktpel
