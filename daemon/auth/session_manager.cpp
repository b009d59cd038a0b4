// SPDX-License-Identifier: Apache-2.0
#include "session_manager.hpp"

#include <algorithm>

#include <sodium.h>

namespace ktpel::auth {
namespace {

// Three wrong PINs are forgiven (fat fingers); after that each failure
// doubles the wait, from 5 s up to 5 minutes.
constexpr int kFreeAttempts = 3;
constexpr std::chrono::seconds kFirstLockout{5};
constexpr std::chrono::seconds kMaxLockout{300};

std::string new_token()
{
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    char hex[sizeof bytes * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
    return hex;
}

} // namespace

SessionManager::SessionManager(std::vector<Officer> officers, std::chrono::seconds idle_timeout)
    : officers_(std::move(officers)), idle_timeout_(idle_timeout)
{
    if (sodium_init() < 0)
        throw std::runtime_error("libsodium could not be initialised");
}

const Officer* SessionManager::find_officer(const std::string& id) const
{
    const auto it = std::find_if(officers_.begin(), officers_.end(),
                                 [&](const Officer& o) { return o.id == id; });
    return it == officers_.end() ? nullptr : &*it;
}

std::chrono::milliseconds SessionManager::lockout_remaining(const std::string& officer_id,
                                                            Clock::time_point now) const
{
    const auto it = attempts_.find(officer_id);
    if (it == attempts_.end() || it->second.locked_until <= now)
        return std::chrono::milliseconds{0};
    return std::chrono::duration_cast<std::chrono::milliseconds>(it->second.locked_until - now);
}

std::optional<Session> SessionManager::finish_login(const std::string& officer_id,
                                                    const std::string& client, bool pin_ok,
                                                    Clock::time_point now)
{
    const Officer* officer = find_officer(officer_id);
    if (!officer)
        return std::nullopt; // not tracked: random ids must not grow our memory
    auto& attempts = attempts_[officer_id];
    if (!pin_ok) {
        ++attempts.consecutive_failures;
        if (attempts.consecutive_failures >= kFreeAttempts) {
            const int doublings = std::min(attempts.consecutive_failures - kFreeAttempts, 6);
            attempts.locked_until =
                now + std::min<std::chrono::seconds>(kFirstLockout * (1 << doublings), kMaxLockout);
        }
        return std::nullopt;
    }
    attempts_.erase(officer_id);
    Session session{new_token(), client, officer, now};
    sessions_[session.token] = session;
    return session;
}

const Session* SessionManager::authenticate(const std::string& token, const std::string& client,
                                            Clock::time_point now)
{
    const auto it = sessions_.find(token);
    if (it == sessions_.end())
        return nullptr;
    if (now - it->second.last_used > idle_timeout_) {
        sessions_.erase(it);
        return nullptr;
    }
    if (it->second.client != client)
        return nullptr;
    it->second.last_used = now;
    return &it->second;
}

bool SessionManager::logout(const std::string& token, const std::string& client)
{
    const auto it = sessions_.find(token);
    if (it == sessions_.end() || it->second.client != client)
        return false;
    sessions_.erase(it);
    return true;
}

void SessionManager::expire_idle(Clock::time_point now)
{
    std::erase_if(sessions_,
                  [&](const auto& entry) { return now - entry.second.last_used > idle_timeout_; });
}

} // namespace ktpel::auth
