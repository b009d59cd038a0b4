// SPDX-License-Identifier: Apache-2.0
#include "overrun_watch.hpp"

#include "walkthrough_error.hpp"

namespace walkthrough {

OverrunWatch::OverrunWatch(const std::string& events_endpoint,
                           std::shared_ptr<zmq::context_t> context,
                           std::chrono::milliseconds connect_timeout)
    : events_(events_endpoint, {"sop."}, std::move(context))
{
    if (!events_.wait_connected(connect_timeout))
        throw DaemonUnreachable("no connection to the daemon's events at " + events_endpoint);
}

std::optional<ktpel::Event> OverrunWatch::await(const std::string& application,
                                                const std::string& step,
                                                std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return std::nullopt;
        std::optional<ktpel::Event> event;
        try {
            event = events_.next(left);
        } catch (const ktpel::ClientError&) {
            continue; // a malformed event is consumed; the overrun may still come
        }
        if (!event)
            return std::nullopt;
        if (event->topic == "sop.overrun" && event->data.is_object() &&
            event->data.value("application", std::string{}) == application &&
            event->data.value("step", std::string{}) == step)
            return event;
    }
}

} // namespace walkthrough
