// SPDX-License-Identifier: Apache-2.0
#include "office_day.hpp"

#include <cstdio>

namespace ktpel::reg {
namespace {

constexpr Millis day_ms = 24 * 60 * 60 * 1000;

// Floor, not truncation: instants before 1970 must still land on the right day.
Millis floor_div(Millis value, Millis divisor)
{
    const auto quotient = value / divisor;
    return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient;
}

// `days` counts local days since 1970-01-01 on the office's clock; the
// day's bounds are its local midnights, back in UTC.
OfficeDay day_from_days_since_epoch(Millis days, OfficeTimeZone zone)
{
    const std::chrono::sys_days day{std::chrono::days{days}};
    return OfficeDay{std::chrono::year_month_day{day}, days * day_ms - zone.utc_offset_ms(),
                     (days + 1) * day_ms - zone.utc_offset_ms()};
}

} // namespace

OfficeDay office_day_of(Millis at, OfficeTimeZone zone)
{
    return day_from_days_since_epoch(floor_div(zone.local_ms(at), day_ms), zone);
}

std::optional<OfficeDay> parse_office_day(const std::string& text, OfficeTimeZone zone)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
            return std::nullopt;
    }
    const std::chrono::year_month_day date{
        std::chrono::year{std::stoi(text.substr(0, 4))},
        std::chrono::month{unsigned(std::stoi(text.substr(5, 2)))},
        std::chrono::day{unsigned(std::stoi(text.substr(8, 2)))}};
    if (!date.ok())
        return std::nullopt;
    return day_from_days_since_epoch(std::chrono::sys_days{date}.time_since_epoch().count(), zone);
}

std::string iso_date(const std::chrono::year_month_day& date)
{
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", int(date.year()), unsigned(date.month()),
                  unsigned(date.day()));
    return text;
}

std::string compact_date(const std::chrono::year_month_day& date)
{
    char text[16];
    std::snprintf(text, sizeof text, "%04d%02u%02u", int(date.year()), unsigned(date.month()),
                  unsigned(date.day()));
    return text;
}

} // namespace ktpel::reg
