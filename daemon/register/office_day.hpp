// SPDX-License-Identifier: Apache-2.0
// The office's day: the calendar day on the office's wall clock, in its
// configured time zone (office_time_zone.hpp: WIB, WITA or WIT).
// Application ids and daily reports are per office day, not per UTC day, so
// that a service opened at 06:30 WIB (23:30 UTC the day before) belongs to
// the day the applicant and the officers see on the wall clock.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "office_time_zone.hpp"
#include "register_records.hpp"

namespace ktpel::reg {

struct OfficeDay
{
    std::chrono::year_month_day date;
    Millis begins_at = 0; // first millisecond of the day (UTC epoch ms)
    Millis ends_at = 0;   // first millisecond of the next day
};

// The office day in `zone` that contains the instant `at` (UTC epoch ms).
OfficeDay office_day_of(Millis at, OfficeTimeZone zone);
// Parses "YYYY-MM-DD" as an office day in `zone`; nullopt unless it is
// exactly that and a real date.
std::optional<OfficeDay> parse_office_day(const std::string& text, OfficeTimeZone zone);

std::string iso_date(const std::chrono::year_month_day& date);     // "2026-11-24"
std::string compact_date(const std::chrono::year_month_day& date); // "20261124"

} // namespace ktpel::reg
