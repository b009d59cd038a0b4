// SPDX-License-Identifier: Apache-2.0
#include "iso8601.hpp"

#include <chrono>
#include <cstdio>

namespace ktpel::reg {

std::string iso8601_utc(Millis at)
{
    using namespace std::chrono;
    const sys_time<milliseconds> instant{milliseconds{at}};
    const auto day = floor<days>(instant);
    const year_month_day date{day};
    const hh_mm_ss time{instant - day};
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(date.year()),
                  unsigned(date.month()), unsigned(date.day()), int(time.hours().count()),
                  int(time.minutes().count()), int(time.seconds().count()),
                  int(time.subseconds().count()));
    return text;
}

} // namespace ktpel::reg
