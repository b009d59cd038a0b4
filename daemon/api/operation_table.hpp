// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "call.hpp"

namespace ktpel::daemon {

// Who may call an operation. The API server enforces it before dispatch:
// no valid token -> unauthenticated, none of the roles -> forbidden. Finer
// rules (the SOP's actor of the current step) are the SOP engine's.
struct Access
{
    enum class Kind
    {
        open,    // anyone who can reach the socket (read-only, no personal data)
        session, // any logged-in officer
        roles,   // an officer holding one of `roles`
    };
    Kind kind = Kind::session;
    std::set<std::string> roles;

    static Access open() { return {Kind::open, {}}; }
    static Access session() { return {Kind::session, {}}; }
    static Access any_of(std::set<std::string> roles) { return {Kind::roles, std::move(roles)}; }
    std::string describe() const;
};

// The operations the daemon offers, by name. Each ops/*.cpp file adds its
// own; the API server only looks them up.
class OperationTable
{
public:
    using Handler = std::function<void(const CallPtr&)>;

    struct Entry
    {
        Handler handler;
        std::string capability; // what `hello` advertises it under
        Access access;
    };

    void add(std::string name, std::string capability, Access access, Handler handler);
    // name -> access, for hello and the documentation.
    std::map<std::string, std::string> access_summary() const;
    const Entry* find(const std::string& name) const;
    std::vector<std::string> names() const;
    std::vector<std::string> capabilities() const;

private:
    std::map<std::string, Entry> entries_;
};

} // namespace ktpel::daemon
