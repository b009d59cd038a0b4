// SPDX-License-Identifier: Apache-2.0
#include "finger_position.hpp"

namespace ktpel::biometrics::fingerprint {

std::string_view finger_position_name(FingerPosition position)
{
    switch (position) {
    case FingerPosition::unknown:
        return "unknown";
    case FingerPosition::right_thumb:
        return "right_thumb";
    case FingerPosition::right_index:
        return "right_index";
    case FingerPosition::right_middle:
        return "right_middle";
    case FingerPosition::right_ring:
        return "right_ring";
    case FingerPosition::right_little:
        return "right_little";
    case FingerPosition::left_thumb:
        return "left_thumb";
    case FingerPosition::left_index:
        return "left_index";
    case FingerPosition::left_middle:
        return "left_middle";
    case FingerPosition::left_ring:
        return "left_ring";
    case FingerPosition::left_little:
        return "left_little";
    }
    return "invalid";
}

} // namespace ktpel::biometrics::fingerprint
