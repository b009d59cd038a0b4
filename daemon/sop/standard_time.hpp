// SPDX-License-Identifier: Apache-2.0
// A step's standard time as SOP files write it: a whole number with its
// unit, "6m" or "90s". The unit is required so that a bare "6" cannot be
// read as seconds by one person and minutes by another.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ktpel::sop {

class InvalidStandardTime : public std::invalid_argument
{
public:
    using std::invalid_argument::invalid_argument;
};

// The longest standard time accepted for one step: anything longer is a
// typo (a service is done within an office day).
inline constexpr std::chrono::seconds longest_standard_time = std::chrono::hours(24);

// Throws InvalidStandardTime, saying what is wrong, for anything but a
// positive whole number of seconds or minutes up to longest_standard_time.
std::chrono::seconds parse_standard_time(std::string_view text);

// The inverse: "6m" for whole minutes, otherwise "90s".
std::string format_standard_time(std::chrono::seconds time);

} // namespace ktpel::sop
