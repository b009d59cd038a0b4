// SPDX-License-Identifier: Apache-2.0
#include "finger_position.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace ktpel::sim::fingerprint {

FingerPosition finger_position_from_code(int code)
{
    if (code < 1 || code > 10) {
        throw std::invalid_argument("finger position code must be 1..10, got " +
                                    std::to_string(code));
    }
    return static_cast<FingerPosition>(code);
}

int finger_position_code(FingerPosition position)
{
    return static_cast<int>(position);
}

void require_valid(FingerPosition position)
{
    (void)finger_position_from_code(finger_position_code(position));
}

Hand hand_of(FingerPosition position)
{
    require_valid(position);
    return finger_position_code(position) <= 5 ? Hand::Right : Hand::Left;
}

Digit digit_of(FingerPosition position)
{
    require_valid(position);
    return static_cast<Digit>((finger_position_code(position) - 1) % 5);
}

FingerPosition finger_position_of(Hand hand, Digit digit)
{
    const int offset = hand == Hand::Right ? 1 : 6;
    return finger_position_from_code(offset + static_cast<int>(digit));
}

FingerPosition same_digit_other_hand(FingerPosition position)
{
    return finger_position_of(hand_of(position) == Hand::Right ? Hand::Left : Hand::Right,
                              digit_of(position));
}

std::string_view finger_position_name(FingerPosition position)
{
    static constexpr std::array<std::string_view, 10> names = {
        "right thumb", "right index", "right middle", "right ring", "right little",
        "left thumb",  "left index",  "left middle",  "left ring",  "left little"};
    require_valid(position);
    return names[static_cast<std::size_t>(finger_position_code(position) - 1)];
}

} // namespace ktpel::sim::fingerprint
