// SPDX-License-Identifier: Apache-2.0
// Waiting for a long operation (a capture, a print): a progress line from
// the op.progress events on a terminal, Ctrl-C turned into op.cancel, a
// second Ctrl-C to give up at once.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <ktpel/client.hpp>
#include <ktpel/event_subscriber.hpp>

#include "connection.hpp"
#include "progress_line.hpp"

namespace ktpelctl {

// What the user sees while waiting: a progress line on a terminal,
// nothing otherwise, and warnings that must not garble the line.
class Feedback
{
public:
    Feedback(std::string label, bool on_terminal);

    bool shown() const { return line_.has_value(); }
    void update(const nlohmann::json& progress);
    void tick();
    void note(const std::string& text);
    void warn(const std::string& text);
    void finish() { line_.reset(); }

private:
    std::optional<ProgressLine> line_;
};

// The op.* events, subscribed before the request is sent (PUB does not
// replay), when there is a progress line to feed; none otherwise or when
// the events socket is unreachable (the operation itself can still work).
std::optional<ktpel::EventSubscriber> progress_events(Connection& connection,
                                                      const Feedback& feedback);

// The reply to the send() with `id`. Ctrl-C sends op.cancel once (the
// operation's own reply, usually `cancelled`, is still what is returned);
// a second Ctrl-C abandons it and throws Interrupted. Throws ClientError
// (timeout) when nothing comes within `wait_at_most`.
ktpel::Reply await_reply(ktpel::Client& client, const std::string& id, const std::string& op,
                         ktpel::EventSubscriber* events, std::chrono::milliseconds wait_at_most,
                         Feedback& feedback);

} // namespace ktpelctl
