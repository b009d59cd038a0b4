// SPDX-License-Identifier: Apache-2.0
#include "browser_session.hpp"

#include <charconv>

#include "common/log.hpp"
#include "tab.hpp"

namespace ktpel::console {
namespace {
// The daemon's session expiry is checked this long after it should have
// happened, so that the check itself never keeps a live session alive.
constexpr auto kExpiryMargin = std::chrono::seconds(2);
// How long a logout may take before the DEALER is closed anyway.
constexpr auto kLogoutGrace = std::chrono::seconds(2);

std::optional<int> parse_number(std::string_view text)
{
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty())
        return std::nullopt;
    return value;
}
} // namespace

const char* to_string(SessionEnd end) noexcept
{
    switch (end) {
    case SessionEnd::logged_out:
        return "logged_out";
    case SessionEnd::released:
        return "released";
    case SessionEnd::expired:
        return "expired";
    case SessionEnd::shutdown:
        return "shutdown";
    }
    return "unknown";
}

std::optional<RoutedId> parse_routed_id(const std::string& daemon_id)
{
    if (daemon_id.size() < 5 || daemon_id[0] != 's')
        return std::nullopt;
    const auto first = daemon_id.find('.');
    if (first == std::string::npos || first + 1 >= daemon_id.size() || daemon_id[first + 1] != 't')
        return std::nullopt;
    const auto second = daemon_id.find('.', first + 1);
    if (second == std::string::npos)
        return std::nullopt;
    const auto session = parse_number(std::string_view(daemon_id).substr(1, first - 1));
    const auto tab =
        parse_number(std::string_view(daemon_id).substr(first + 2, second - first - 2));
    if (!session || !tab)
        return std::nullopt;
    return RoutedId{*session, *tab, daemon_id.substr(second + 1)};
}

std::string routed_id(int session, int tab, const std::string& page_id)
{
    return "s" + std::to_string(session) + ".t" + std::to_string(tab) + "." + page_id;
}

BrowserSession::BrowserSession(boost::asio::io_context& io, std::string id, int serial,
                               std::unique_ptr<DaemonConnection> daemon, nlohmann::json officer,
                               std::chrono::seconds release_after_no_tab, OnEnded on_ended)
    : io_(io), id_(std::move(id)), serial_(serial), daemon_(std::move(daemon)),
      officer_(std::move(officer)), release_after_no_tab_(release_after_no_tab),
      daemon_idle_timeout_(officer_.value("idle_timeout_s", 900)), on_ended_(std::move(on_ended)),
      release_timer_(io), expiry_timer_(io)
{
}

void BrowserSession::start()
{
    daemon_->on_reply([weak = weak_from_this()](Reply reply) {
        if (const auto self = weak.lock())
            self->on_reply(std::move(reply));
    });
    arm_release_timer();
    arm_expiry_check();
}

int BrowserSession::attach(const std::shared_ptr<Tab>& tab)
{
    const int serial = next_tab_serial_++;
    tabs_[serial] = tab;
    release_timer_.cancel();
    return serial;
}

void BrowserSession::detach(int tab_serial)
{
    tabs_.erase(tab_serial);
    if (tabs_.empty() && !ended_)
        arm_release_timer();
}

void BrowserSession::forward(int tab_serial, const BrowserMessage& message)
{
    if (ended_)
        return;
    if (!daemon_->send(routed_id(serial_, tab_serial, message.id), message.op, message.args)) {
        send_to_tab(tab_serial, page_message({{"type", "reply"},
                                              {"id", message.id},
                                              {"ok", false},
                                              {"error",
                                               {{"code", "too_many_requests"},
                                                {"message", "the daemon is not taking requests"},
                                                {"details", nlohmann::json::object()}}}}));
        return;
    }
    arm_expiry_check(); // the daemon's idle clock restarts with every request
}

void BrowserSession::on_reply(Reply reply)
{
    const auto routed = parse_routed_id(reply.id);
    if (!routed || routed->session != serial_) {
        log::warning("console: a reply with an id this session did not send; dropped");
        return;
    }
    // A refused token means the daemon's session is over, whatever asked.
    const bool token_refused =
        !reply.ok && reply.error && reply.error->code == ErrorCode::unauthenticated;
    if (routed->tab != 0) {
        nlohmann::json header = {{"type", "reply"},
                                 {"id", routed->page_id},
                                 {"ok", reply.ok},
                                 {"blobs", reply.blobs.size()}};
        if (reply.ok)
            header["result"] = std::move(reply.result);
        else if (reply.error)
            header["error"] = reply.error->to_json();
        send_to_tab(routed->tab, page_message(header, reply.blobs));
    }
    if (token_refused)
        end(SessionEnd::expired);
}

void BrowserSession::deliver_event(const Event& event)
{
    if (ended_)
        return;
    nlohmann::json header = {{"type", "event"},    {"topic", event.topic},
                             {"seq", event.seq},   {"time", event.time},
                             {"data", event.data}, {"blobs", event.blobs.size()}};
    if (event.topic.rfind("op.", 0) == 0) {
        const auto routed = parse_routed_id(event.data.value("id", std::string()));
        if (!routed || routed->session != serial_ || routed->tab == 0)
            return;
        header["data"]["id"] = routed->page_id;
        send_to_tab(routed->tab, page_message(header, event.blobs));
        return;
    }
    const auto frames = page_message(header, event.blobs);
    // Copy: a tab may be dropped (and detached) while we go through them.
    const auto tabs = tabs_;
    for (const auto& [serial, weak_tab] : tabs)
        if (const auto tab = weak_tab.lock())
            tab->send(frames);
}

void BrowserSession::send_to_tab(int tab_serial, std::vector<OutgoingFrame> frames)
{
    const auto found = tabs_.find(tab_serial);
    if (found == tabs_.end())
        return; // the tab closed before its reply came
    if (const auto tab = found->second.lock())
        tab->send(std::move(frames));
}

void BrowserSession::end(SessionEnd why)
{
    if (ended_)
        return;
    ended_ = true;
    release_timer_.cancel();
    expiry_timer_.cancel();
    const auto tabs = tabs_;
    for (const auto& [serial, weak_tab] : tabs) {
        if (const auto tab = weak_tab.lock()) {
            tab->send(page_message({{"type", "session_ended"}, {"reason", to_string(why)}}));
            tab->finish(std::string("session ") + to_string(why));
        }
    }
    // Log out at the daemon unless it ended the session itself; then close
    // the DEALER, after the logout's reply or a short grace.
    auto retiring = std::make_shared<std::unique_ptr<DaemonConnection>>(std::move(daemon_));
    auto grace = std::make_shared<boost::asio::steady_timer>(io_, kLogoutGrace);
    if (why != SessionEnd::expired) {
        (*retiring)->on_reply([grace](const Reply&) { grace->cancel(); });
        (*retiring)->send(routed_id(serial_, 0, "logout"), "session.logout",
                          nlohmann::json::object());
    } else {
        grace->expires_after(std::chrono::seconds(0));
    }
    grace->async_wait([retiring, grace](const boost::system::error_code&) {
        retiring->reset();
        log::info("console: a session's daemon connection closed; " +
                  std::to_string(DaemonConnection::alive()) + " open");
    });
    log::info("console: session of " + officer_.value("officer", std::string("?")) + " ended (" +
              to_string(why) + ")");
    if (on_ended_)
        on_ended_(*this);
}

void BrowserSession::arm_release_timer()
{
    release_timer_.expires_after(release_after_no_tab_);
    release_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& error) {
        const auto self = weak.lock();
        if (error || !self || !self->tabs_.empty())
            return;
        self->end(SessionEnd::released);
    });
}

void BrowserSession::arm_expiry_check()
{
    expiry_timer_.expires_after(daemon_idle_timeout_ + kExpiryMargin);
    expiry_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& error) {
        const auto self = weak.lock();
        if (error || !self || self->ended_)
            return;
        // The daemon's session should be gone by now: ask, and an
        // `unauthenticated` reply ends this one (on_reply).
        self->daemon_->send(routed_id(self->serial_, 0, "whoami"), "session.whoami",
                            nlohmann::json::object());
        self->arm_expiry_check();
    });
}

} // namespace ktpel::console
