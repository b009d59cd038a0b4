// SPDX-License-Identifier: Apache-2.0
// The gateway's browser sessions, by cookie value and by serial.
#pragma once

#include <map>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "browser_session.hpp"

namespace ktpel::console {

class SessionRegistry
{
public:
    SessionRegistry(boost::asio::io_context& io, std::chrono::seconds release_after_no_tab);

    // A session for a DEALER that has just logged in; `login_result` is
    // session.login's result (its token goes into the DEALER, not the session's record).
    std::shared_ptr<BrowserSession> create(std::unique_ptr<DaemonConnection> daemon,
                                           nlohmann::json login_result);
    // nullptr for an unknown or ended session.
    std::shared_ptr<BrowserSession> find(const std::string& session_id) const;
    void deliver_event(const Event& event);
    void end_all(SessionEnd why);
    std::size_t size() const noexcept { return by_id_.size(); }

private:
    boost::asio::io_context& io_;
    std::chrono::seconds release_after_no_tab_;
    std::map<std::string, std::shared_ptr<BrowserSession>> by_id_;
    std::map<int, std::weak_ptr<BrowserSession>> by_serial_;
    int next_serial_ = 1;
};

} // namespace ktpel::console
