// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <set>
#include <string>

namespace ktpel::auth {

// An officer as configured: who they are, which SOP roles they hold, and
// their PIN as an Argon2id hash string (never the PIN).
struct Officer
{
    std::string id;
    std::string name;
    std::set<std::string> roles; // SOP role ids, plus "technician" for diagnostics
    std::string pin_hash;        // libsodium crypto_pwhash_str output ("$argon2id$...")
};

// The role that may use the station outside the SOP: diagnostics captures,
// fault injection, printer tests. It grants nothing inside a service.
inline constexpr const char* kTechnicianRole = "technician";

} // namespace ktpel::auth
