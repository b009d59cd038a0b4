// SPDX-License-Identifier: Apache-2.0
// Listens to the daemon's sop.* events for the sop.overrun of a step held
// past its standard time. Subscribed from the start of the walk: PUB does
// not replay, so an event published before we listen is lost.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <zmq.hpp>

#include <ktpel/event_subscriber.hpp>

namespace walkthrough {

class OverrunWatch
{
public:
    // Throws DaemonUnreachable if the subscription is not up within
    // `connect_timeout`.
    OverrunWatch(const std::string& events_endpoint, std::shared_ptr<zmq::context_t> context,
                 std::chrono::milliseconds connect_timeout);

    // The sop.overrun of `step` of `application`, or nullopt if none came
    // within `timeout`. Other sop.* events are passed over.
    std::optional<ktpel::Event> await(const std::string& application, const std::string& step,
                                      std::chrono::milliseconds timeout);

private:
    ktpel::EventSubscriber events_;
};

} // namespace walkthrough
