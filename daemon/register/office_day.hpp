// SPDX-License-Identifier: Apache-2.0
// The office's day: the calendar day in Western Indonesia Time (WIB, UTC+7).
// Application ids and daily reports are per office day, not per UTC day, so
// that a service opened at 06:30 WIB (23:30 UTC the day before) belongs to
// the day the applicant and the officers see on the wall clock.
//
// A fixed +7 h offset rather than the tz database: WIB has had no daylight
// saving time and no offset change since 1964, and an id that depends on the
// host's TZ setting or tzdata package (servers often run in UTC) would be a
// register that changes with the machine it runs on. GCC 12 has no
// std::chrono::tzdb either. An office in WITA (UTC+8) or WIT (UTC+9) would
// need this constant to become configuration.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "register_records.hpp"

namespace ktpel::reg {

inline constexpr Millis office_utc_offset_ms = 7 * 60 * 60 * 1000;

struct OfficeDay
{
    std::chrono::year_month_day date;
    Millis begins_at = 0; // first millisecond of the day (UTC epoch ms)
    Millis ends_at = 0;   // first millisecond of the next day
};

OfficeDay office_day_of(Millis at);
// Parses "YYYY-MM-DD"; nullopt unless it is exactly that and a real date.
std::optional<OfficeDay> parse_office_day(const std::string& text);

std::string iso_date(const std::chrono::year_month_day& date);     // "2026-11-24"
std::string compact_date(const std::chrono::year_month_day& date); // "20261124"

} // namespace ktpel::reg
