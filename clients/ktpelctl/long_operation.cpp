// SPDX-License-Identifier: Apache-2.0
#include "long_operation.hpp"

#include <iostream>

#include "errors.hpp"
#include "interrupt.hpp"

namespace ktpelctl {
namespace {

using namespace std::chrono_literals;

// What became of our op.cancel. Either way the operation's own reply
// (`cancelled`, or the result if the operation won the race) still comes
// and is what we report.
void report_cancel(const ktpel::Reply& reply, Feedback& feedback)
{
    // not_found: the operation finished meanwhile; its reply is on the way.
    if (reply.ok || !reply.error || reply.error->code == ktpel::ErrorCode::not_found)
        return;
    feedback.warn("cancel refused: " + std::string(ktpel::to_string(reply.error->code)) + ": " +
                  reply.error->message);
}

} // namespace

Feedback::Feedback(std::string label, bool on_terminal)
{
    if (on_terminal)
        line_.emplace(std::cout, std::move(label));
}

void Feedback::update(const nlohmann::json& progress)
{
    if (line_)
        line_->update(progress);
}

void Feedback::tick()
{
    if (line_)
        line_->tick();
}

void Feedback::note(const std::string& text)
{
    if (line_)
        line_->note(text);
    else
        std::cerr << "ktpelctl: " << text << '\n';
}

void Feedback::warn(const std::string& text)
{
    if (line_)
        line_->clear();
    std::cerr << "ktpelctl: " << text << '\n';
}

std::optional<ktpel::EventSubscriber> progress_events(Connection& connection,
                                                      const Feedback& feedback)
{
    std::optional<ktpel::EventSubscriber> events;
    if (!feedback.shown())
        return events;
    try {
        events.emplace(connection.subscribe({"op."}));
        // Best effort: the first stage comes right after the request.
        events->wait_connected(std::min<std::chrono::milliseconds>(connection.timeout(), 1s));
    } catch (const UnreachableError&) {
        events.reset();
    }
    return events;
}

ktpel::Reply await_reply(ktpel::Client& client, const std::string& id, const std::string& op,
                         ktpel::EventSubscriber* events, std::chrono::milliseconds wait_at_most,
                         Feedback& feedback)
{
    InterruptWatch interrupt;
    const auto deadline = std::chrono::steady_clock::now() + wait_at_most;
    std::optional<std::string> cancel_id;
    for (;;) {
        if (interrupt.count() > 1) {
            client.abandon(id);
            throw Interrupted("gave up waiting for the reply to " + id, interrupt.last_signal());
        }
        if (interrupt.requested() && !cancel_id) {
            feedback.note("cancelling " + id + "; Ctrl-C again to quit without waiting");
            try {
                // Pipelined, not call(): a second Ctrl-C must not wait on it.
                cancel_id = client.send("op.cancel", {{"id", id}});
            } catch (const ktpel::ClientError& e) {
                cancel_id = "";
                feedback.warn(std::string("cannot cancel: ") + e.what());
            }
        }
        std::optional<ktpel::Reply> reply;
        if (events) {
            // Short slices on both sockets: neither the reply nor Ctrl-C waits long.
            try {
                if (auto event = events->next(50ms); event && event->topic == "op.progress" &&
                                                     event->data.is_object() &&
                                                     event->data.value("id", "") == id)
                    feedback.update(event->data);
            } catch (const ktpel::ClientError&) {
                // A broken event only costs us a progress update.
            }
            reply = client.receive(0ms);
        } else {
            reply = client.receive(100ms);
        }
        if (reply && cancel_id && reply->id == *cancel_id) {
            report_cancel(*reply, feedback);
            continue;
        }
        // Our headers are always readable, so even an id-less error is
        // about the operation rather than something to wait past.
        if (reply)
            return std::move(*reply);
        if (std::chrono::steady_clock::now() >= deadline) {
            client.abandon(id);
            throw ktpel::ClientError(ktpel::ClientErrorKind::timeout,
                                     "no reply to " + op + " (id " + id + ") within " +
                                         std::to_string(wait_at_most.count()) + " ms");
        }
        feedback.tick();
    }
}

} // namespace ktpelctl
