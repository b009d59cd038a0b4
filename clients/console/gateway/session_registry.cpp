// SPDX-License-Identifier: Apache-2.0
#include "session_registry.hpp"

#include "common/log.hpp"
#include "session_id.hpp"

namespace ktpel::console {

SessionRegistry::SessionRegistry(boost::asio::io_context& io,
                                 std::chrono::seconds release_after_no_tab)
    : io_(io), release_after_no_tab_(release_after_no_tab)
{
}

std::shared_ptr<BrowserSession> SessionRegistry::create(std::unique_ptr<DaemonConnection> daemon,
                                                        nlohmann::json login_result)
{
    daemon->set_token(login_result.at("token").get<std::string>());
    login_result.erase("token");
    const int serial = next_serial_++;
    auto session = std::make_shared<BrowserSession>(
        io_, new_session_id(), serial, std::move(daemon), std::move(login_result),
        release_after_no_tab_, [this](const BrowserSession& ended) {
            by_serial_.erase(ended.serial());
            // Erased later: end() runs inside the session's own member function.
            boost::asio::post(io_, [this, id = ended.id()] { by_id_.erase(id); });
        });
    by_id_[session->id()] = session;
    by_serial_[serial] = session;
    session->start();
    log::info("console: " + session->officer().value("officer", std::string("?")) +
              " logged in (session " + std::to_string(serial) + ", " +
              std::to_string(DaemonConnection::alive()) + " daemon connections open)");
    return session;
}

std::shared_ptr<BrowserSession> SessionRegistry::find(const std::string& session_id) const
{
    const auto found = by_id_.find(session_id);
    if (found == by_id_.end() || found->second->ended())
        return nullptr;
    return found->second;
}

void SessionRegistry::deliver_event(const Event& event)
{
    if (event.topic.rfind("op.", 0) == 0) {
        const auto routed = parse_routed_id(event.data.value("id", std::string()));
        if (!routed)
            return; // another client's request: not ours to show
        const auto found = by_serial_.find(routed->session);
        if (found != by_serial_.end())
            if (const auto session = found->second.lock())
                session->deliver_event(event);
        return;
    }
    const auto sessions = by_id_; // a slow tab's drop may end nothing, but stay safe
    for (const auto& [id, session] : sessions)
        session->deliver_event(event);
}

void SessionRegistry::end_all(SessionEnd why)
{
    const auto sessions = by_id_;
    for (const auto& [id, session] : sessions)
        session->end(why);
}

} // namespace ktpel::console
