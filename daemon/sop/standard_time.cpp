// SPDX-License-Identifier: Apache-2.0
#include "standard_time.hpp"

#include <charconv>
#include <cstdint>

namespace ktpel::sop {

std::chrono::seconds parse_standard_time(std::string_view text)
{
    const std::string quoted = "\"" + std::string(text) + "\"";
    if (text.empty())
        throw InvalidStandardTime("a standard time is required, e.g. \"6m\" or \"90s\"");
    if (text.front() == '-')
        throw InvalidStandardTime("standard time " + quoted + " is negative: it must be positive");
    const auto digits_end = text.find_first_not_of("0123456789");
    if (digits_end == 0)
        throw InvalidStandardTime("standard time " + quoted +
                                  " must start with a whole number, e.g. \"6m\" or \"90s\"");
    if (digits_end == std::string_view::npos)
        throw InvalidStandardTime("standard time " + quoted + " has no unit: write \"" +
                                  std::string(text) + "m\" for minutes or \"" + std::string(text) +
                                  "s\" for seconds");
    const auto unit = text.substr(digits_end);
    if (unit.front() == '.' || unit.front() == ',')
        throw InvalidStandardTime("standard time " + quoted +
                                  " is not a whole number: use seconds, e.g. \"90s\" for 1.5 "
                                  "minutes");
    std::int64_t seconds_per_unit = 0;
    if (unit == "s")
        seconds_per_unit = 1;
    else if (unit == "m")
        seconds_per_unit = 60;
    else
        throw InvalidStandardTime("standard time " + quoted + " has an unknown unit \"" +
                                  std::string(unit) +
                                  "\": write a whole number of minutes (\"6m\") or seconds "
                                  "(\"90s\")");
    std::int64_t count = 0;
    const auto number = text.substr(0, digits_end);
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), count);
    const auto longest = longest_standard_time.count();
    if (ec == std::errc::result_out_of_range || count > longest / seconds_per_unit)
        throw InvalidStandardTime("standard time " + quoted + " is longer than " +
                                  format_standard_time(longest_standard_time));
    if (ec != std::errc{} || end != number.data() + number.size())
        throw InvalidStandardTime("standard time " + quoted + " is not a whole number");
    if (count == 0)
        throw InvalidStandardTime("standard time " + quoted + " is zero: it must be positive");
    return std::chrono::seconds(count * seconds_per_unit);
}

std::string format_standard_time(std::chrono::seconds time)
{
    if (time.count() % 60 == 0)
        return std::to_string(time.count() / 60) + "m";
    return std::to_string(time.count()) + "s";
}

} // namespace ktpel::sop
