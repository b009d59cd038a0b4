// SPDX-License-Identifier: Apache-2.0
// Finger positions with the ISO/IEC 19794-2 (and ANSI/NIST-ITL) codes.
#pragma once

#include <cstdint>
#include <string_view>

namespace ktpel::sim::fingerprint {

enum class FingerPosition : std::uint8_t
{
    RightThumb = 1,
    RightIndex = 2,
    RightMiddle = 3,
    RightRing = 4,
    RightLittle = 5,
    LeftThumb = 6,
    LeftIndex = 7,
    LeftMiddle = 8,
    LeftRing = 9,
    LeftLittle = 10,
};

enum class Hand
{
    Right,
    Left,
};

enum class Digit
{
    Thumb,
    Index,
    Middle,
    Ring,
    Little,
};

// Throws std::invalid_argument unless 1 <= code <= 10.
FingerPosition finger_position_from_code(int code);
int finger_position_code(FingerPosition position);
// Throws std::invalid_argument for an enum value outside 1..10 (a cast
// from an unchecked integer).
void require_valid(FingerPosition position);

Hand hand_of(FingerPosition position);
Digit digit_of(FingerPosition position);
FingerPosition finger_position_of(Hand hand, Digit digit);
// The same digit on the other hand (right index <-> left index).
FingerPosition same_digit_other_hand(FingerPosition position);
// "right thumb", "left little"...
std::string_view finger_position_name(FingerPosition position);

} // namespace ktpel::sim::fingerprint
