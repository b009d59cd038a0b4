// SPDX-License-Identifier: Apache-2.0
// Times as the receipt prints them: on the office's wall clock, with the
// zone's name so a reader in another zone is not misled.
#pragma once

#include <string>

#include "daemon/register/office_time_zone.hpp"
#include "service_receipt.hpp"

namespace ktpel::receipt {

// "24-11-2026 08:30:00 WITA" (the date as the card prints dates).
std::string office_date_time_text(Millis at, reg::OfficeTimeZone zone);
// "08:30:00": for columns whose heading names the zone.
std::string office_time_text(Millis at, reg::OfficeTimeZone zone);

} // namespace ktpel::receipt
