// SPDX-License-Identifier: Apache-2.0
#include "pattern_class.hpp"

#include <array>

namespace ktpel::sim::fingerprint {

std::string_view pattern_class_name(PatternClass pattern)
{
    switch (pattern) {
    case PatternClass::Arch:
        return "arch";
    case PatternClass::TentedArch:
        return "tented arch";
    case PatternClass::LeftLoop:
        return "left loop";
    case PatternClass::RightLoop:
        return "right loop";
    case PatternClass::Whorl:
        return "whorl";
    }
    return "unknown";
}

PatternClass choose_pattern_class(FingerPosition position, SeededRandom& random)
{
    // Percent per digit: arch, tented arch, ulnar loop, radial loop, whorl.
    // Rounded from published finger-wise class frequency tables; only
    // the rough shape of the distribution matters here.
    static constexpr std::array<std::array<int, 5>, 5> prior = {{
        {3, 1, 55, 2, 39},  // thumb
        {8, 6, 33, 18, 35}, // index
        {6, 3, 70, 3, 18},  // middle
        {2, 1, 52, 1, 44},  // ring
        {2, 1, 82, 1, 14},  // little
    }};
    const auto& row = prior[static_cast<std::size_t>(digit_of(position))];
    int draw = static_cast<int>(random.below(100));
    std::size_t chosen = 0;
    for (; chosen + 1 < row.size(); ++chosen) {
        if (draw < row[chosen]) {
            break;
        }
        draw -= row[chosen];
    }
    const bool right_hand = hand_of(position) == Hand::Right;
    switch (chosen) {
    case 0:
        return PatternClass::Arch;
    case 1:
        return PatternClass::TentedArch;
    case 2: // ulnar: opens towards the little finger
        return right_hand ? PatternClass::RightLoop : PatternClass::LeftLoop;
    case 3: // radial: opens towards the thumb
        return right_hand ? PatternClass::LeftLoop : PatternClass::RightLoop;
    default:
        return PatternClass::Whorl;
    }
}

} // namespace ktpel::sim::fingerprint
