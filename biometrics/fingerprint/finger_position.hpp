// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string_view>

namespace ktpel::biometrics::fingerprint {

// ISO/IEC 19794-2 (and ANSI/NIST-ITL) finger position codes.
enum class FingerPosition : std::uint8_t
{
    unknown = 0,
    right_thumb = 1,
    right_index = 2,
    right_middle = 3,
    right_ring = 4,
    right_little = 5,
    left_thumb = 6,
    left_index = 7,
    left_middle = 8,
    left_ring = 9,
    left_little = 10,
};

constexpr bool is_right_hand(FingerPosition position)
{
    const auto code = static_cast<std::uint8_t>(position);
    return code >= 1 && code <= 5;
}

constexpr bool is_left_hand(FingerPosition position)
{
    const auto code = static_cast<std::uint8_t>(position);
    return code >= 6 && code <= 10;
}

// 0 thumb, 1 index, 2 middle, 3 ring, 4 little; -1 for unknown.
constexpr int digit_of(FingerPosition position)
{
    const auto code = static_cast<int>(position);
    if (code == 0) {
        return -1;
    }
    return (code - 1) % 5;
}

std::string_view finger_position_name(FingerPosition position);

} // namespace ktpel::biometrics::fingerprint
