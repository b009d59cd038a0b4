// SPDX-License-Identifier: Apache-2.0
// One logged-in browser session: the officer, the daemon token (which
// never leaves the gateway), its own DEALER, and the tabs open on it.
//
// Request ids on the DEALER are "s<session>.t<tab>.<page's id>", so that
// a reply and the op.* events of a request go back to the tab that sent
// it, and only there (previews are the requesting session's alone).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <ktpel/message.hpp>

#include "browser_message.hpp"
#include "daemon_connection.hpp"
#include "outgoing_frame.hpp"

namespace ktpel::console {

class Tab;

// Why a session ended, as the page's catalogue names it (session.ended.<word>).
enum class SessionEnd
{
    logged_out, // DELETE /api/session
    released,   // no tab for the configured time
    expired,    // the daemon's session expired (idle timeout) or was refused
    shutdown,   // the gateway is stopping
};
const char* to_string(SessionEnd end) noexcept;

class BrowserSession : public std::enable_shared_from_this<BrowserSession>
{
public:
    using OnEnded = std::function<void(const BrowserSession&)>;

    // `officer` is session.login's result without its token.
    BrowserSession(boost::asio::io_context& io, std::string id, int serial,
                   std::unique_ptr<DaemonConnection> daemon, nlohmann::json officer,
                   std::chrono::seconds release_after_no_tab, OnEnded on_ended);

    // Starts the timers (the page has not opened a tab yet).
    void start();

    const std::string& id() const noexcept { return id_; }
    int serial() const noexcept { return serial_; }
    const nlohmann::json& officer() const noexcept { return officer_; }
    bool ended() const noexcept { return ended_; }

    // A tab opened on this session; returns its serial.
    int attach(const std::shared_ptr<Tab>& tab);
    void detach(int tab_serial);
    std::size_t tab_count() const noexcept { return tabs_.size(); }

    // A page's request, sent on this session's DEALER with its token.
    void forward(int tab_serial, const BrowserMessage& message);
    // An event from the daemon: op.* only to the tab whose request it is.
    void deliver_event(const Event& event);
    // Ends the session: tells and closes the tabs, logs out at the daemon
    // (unless the daemon ended it) and releases the DEALER.
    void end(SessionEnd why);

private:
    void on_reply(Reply reply);
    void arm_release_timer();
    void arm_expiry_check();
    void send_to_tab(int tab_serial, std::vector<OutgoingFrame> frames);

    boost::asio::io_context& io_;
    std::string id_;
    int serial_;
    std::unique_ptr<DaemonConnection> daemon_;
    nlohmann::json officer_;
    std::chrono::seconds release_after_no_tab_;
    std::chrono::seconds daemon_idle_timeout_;
    OnEnded on_ended_;
    std::map<int, std::weak_ptr<Tab>> tabs_;
    int next_tab_serial_ = 1;
    int next_own_request_ = 1;
    boost::asio::steady_timer release_timer_;
    boost::asio::steady_timer expiry_timer_;
    bool ended_ = false;
};

// "s3.t2.abc" -> {3, 2, "abc"}; nullopt for an id the gateway did not make.
struct RoutedId
{
    int session;
    int tab; // 0: the gateway's own request
    std::string page_id;
};
std::optional<RoutedId> parse_routed_id(const std::string& daemon_id);
std::string routed_id(int session, int tab, const std::string& page_id);

} // namespace ktpel::console
