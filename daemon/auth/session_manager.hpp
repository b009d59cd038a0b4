// SPDX-License-Identifier: Apache-2.0
// Sessions of logged-in officers. A token is bound to the connection that
// logged in (the ROUTER routing id): copied to another client it is
// worthless. Tokens expire after inactivity; wrong PINs lock the officer
// out for a growing time. Lives on the event loop thread; the slow PIN
// check is the caller's to run elsewhere.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "officer.hpp"

namespace ktpel::auth {

struct Session
{
    std::string token;
    std::string client; // routing id of the connection it belongs to
    const Officer* officer = nullptr;
    std::chrono::steady_clock::time_point last_used;
};

class SessionManager
{
public:
    using Clock = std::chrono::steady_clock;

    SessionManager(std::vector<Officer> officers, std::chrono::seconds idle_timeout);

    const Officer* find_officer(const std::string& id) const;

    // How long the officer must still wait before another PIN attempt
    // (zero when allowed).
    std::chrono::milliseconds lockout_remaining(const std::string& officer_id,
                                                Clock::time_point now) const;
    // Books the result of a PIN check; on success opens a session.
    std::optional<Session> finish_login(const std::string& officer_id, const std::string& client,
                                        bool pin_ok, Clock::time_point now);

    // The session for a token used by `client`, refreshed; nullopt if
    // unknown, expired or presented by another client.
    const Session* authenticate(const std::string& token, const std::string& client,
                                Clock::time_point now);
    bool logout(const std::string& token, const std::string& client);
    void expire_idle(Clock::time_point now);
    std::chrono::seconds idle_timeout() const noexcept { return idle_timeout_; }
    std::size_t active_sessions() const noexcept { return sessions_.size(); }

private:
    struct Attempts
    {
        int consecutive_failures = 0;
        Clock::time_point locked_until{};
    };

    std::vector<Officer> officers_;
    std::chrono::seconds idle_timeout_;
    std::map<std::string, Session> sessions_;  // by token
    std::map<std::string, Attempts> attempts_; // by officer id
};

} // namespace ktpel::auth
