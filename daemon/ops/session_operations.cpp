// SPDX-License-Identifier: Apache-2.0
// session.login, session.logout, session.whoami.
#include <boost/asio/post.hpp>

#include "../api/arg_reader.hpp"
#include "../auth/pin_hash.hpp"
#include "common/log.hpp"
#include "operation_registration.hpp"

namespace ktpel::daemon {
namespace {

// Verified when the officer id is unknown, so that the answer takes as
// long as for a real officer and does not reveal which ids exist.
const std::string& decoy_hash()
{
    static const std::string hash = auth::hash_pin("decoy-pin-never-matches");
    return hash;
}

nlohmann::json officer_json(const auth::Officer& officer)
{
    return {{"officer", officer.id}, {"name", officer.name}, {"roles", officer.roles}};
}

} // namespace

void register_session_operations(OperationTable& table, StationCore& core)
{
    decoy_hash(); // pay its cost at start-up, not on the first wrong login

    table.add("session.login", "session", Access::open(), [&core](const CallPtr& call) {
        ArgReader args(call->args(), {"officer", "pin"});
        const auto officer_id = args.required_string("officer", 64);
        const auto pin = args.required_string("pin", 64);
        const auto now = auth::SessionManager::Clock::now();
        if (const auto wait = core.sessions.lockout_remaining(officer_id, now); wait.count() > 0)
            throw ProtocolError(ErrorCode::rate_limited,
                                "too many wrong PINs: wait before trying again",
                                {{"retry_after_ms", wait.count()}, {"officer", officer_id}});
        const auth::Officer* officer = core.sessions.find_officer(officer_id);
        const std::string hash = officer ? officer->pin_hash : decoy_hash();
        // Argon2id takes a good part of a second by design: off the loop.
        core.slow_work.post([&core, call, officer_id, pin, hash] {
            const bool ok = auth::verify_pin(pin, hash);
            boost::asio::post(core.io, [&core, call, officer_id, ok] {
                const auto session = core.sessions.finish_login(officer_id, call->client(), ok,
                                                                auth::SessionManager::Clock::now());
                if (!session) {
                    log::notice("failed login for officer id \"" + officer_id + "\"");
                    call->fail({ErrorCode::unauthenticated, "unknown officer or wrong PIN", {}});
                    return;
                }
                log::info("officer " + officer_id + " logged in");
                auto result = officer_json(*session->officer);
                result["token"] = session->token;
                result["idle_timeout_s"] = core.sessions.idle_timeout().count();
                call->reply(std::move(result));
            });
        });
    });

    table.add("session.logout", "session", Access::session(), [&core](const CallPtr& call) {
        ArgReader args(call->args(), {});
        core.sessions.logout(*call->request().token, call->client());
        call->reply({{"logged_out", true}});
    });

    table.add("session.whoami", "session", Access::session(), [](const CallPtr& call) {
        ArgReader args(call->args(), {});
        call->reply(officer_json(call->require_officer()));
    });
}

} // namespace ktpel::daemon
