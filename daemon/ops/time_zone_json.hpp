// SPDX-License-Identifier: Apache-2.0
// The office's time zone as results carry it (hello, register.query,
// register.report): clients show office days and times on the office's
// clock from this, rather than assuming WIB.
#pragma once

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "../register/office_time_zone.hpp"

namespace ktpel::daemon {

inline nlohmann::json time_zone_json(reg::OfficeTimeZone zone)
{
    return {{"name", std::string(zone.name())},
            {"utc_offset_minutes",
             std::chrono::duration_cast<std::chrono::minutes>(zone.utc_offset()).count()}};
}

} // namespace ktpel::daemon
