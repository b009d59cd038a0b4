// SPDX-License-Identifier: Apache-2.0
#include "office_clock_text.hpp"

#include <chrono>
#include <cstdio>

namespace ktpel::receipt {
namespace {

struct WallClock
{
    std::chrono::year_month_day date;
    std::chrono::hh_mm_ss<std::chrono::milliseconds> time;
};

WallClock wall_clock(Millis at, reg::OfficeTimeZone zone)
{
    // floor, not truncation: an instant before 1970 still lands on its day.
    const auto local = std::chrono::sys_time<std::chrono::milliseconds>{
        std::chrono::milliseconds{zone.local_ms(at)}};
    const auto day = std::chrono::floor<std::chrono::days>(local);
    return {std::chrono::year_month_day{day},
            std::chrono::hh_mm_ss<std::chrono::milliseconds>{local - day}};
}

} // namespace

std::string office_date_time_text(Millis at, reg::OfficeTimeZone zone)
{
    const auto clock = wall_clock(at, zone);
    char text[48];
    std::snprintf(text, sizeof text, "%02u-%02u-%04d %02ld:%02ld:%02ld %.*s",
                  static_cast<unsigned>(clock.date.day()),
                  static_cast<unsigned>(clock.date.month()), static_cast<int>(clock.date.year()),
                  static_cast<long>(clock.time.hours().count()),
                  static_cast<long>(clock.time.minutes().count()),
                  static_cast<long>(clock.time.seconds().count()),
                  static_cast<int>(zone.name().size()), zone.name().data());
    return text;
}

std::string office_time_text(Millis at, reg::OfficeTimeZone zone)
{
    const auto clock = wall_clock(at, zone);
    char text[16];
    std::snprintf(text, sizeof text, "%02ld:%02ld:%02ld",
                  static_cast<long>(clock.time.hours().count()),
                  static_cast<long>(clock.time.minutes().count()),
                  static_cast<long>(clock.time.seconds().count()));
    return text;
}

} // namespace ktpel::receipt
