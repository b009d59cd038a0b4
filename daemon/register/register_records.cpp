// SPDX-License-Identifier: Apache-2.0
#include "register_records.hpp"

namespace ktpel::reg {

// These strings are stored in the database and exported in the CSV: they are
// part of the register's format, so renaming an enumerator must not change them.
std::string to_string(ApplicationState state)
{
    switch (state) {
    case ApplicationState::open:
        return "open";
    case ApplicationState::completed:
        return "completed";
    case ApplicationState::ended:
        return "ended";
    case ApplicationState::cancelled:
        return "cancelled";
    }
    return "unknown";
}

std::optional<ApplicationState> application_state_from_string(const std::string& text)
{
    for (const auto state : {ApplicationState::open, ApplicationState::completed,
                             ApplicationState::ended, ApplicationState::cancelled}) {
        if (to_string(state) == text)
            return state;
    }
    return std::nullopt;
}

} // namespace ktpel::reg
