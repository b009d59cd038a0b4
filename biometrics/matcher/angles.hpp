// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cmath>
#include <numbers>

namespace ktpel::biometrics::matcher {

inline constexpr double two_pi = 2.0 * std::numbers::pi;

// Into [-pi, pi): the signed difference of two directions.
inline double wrap_signed(double radians)
{
    double wrapped = std::fmod(radians + std::numbers::pi, two_pi);
    if (wrapped < 0.0) {
        wrapped += two_pi;
    }
    return wrapped - std::numbers::pi;
}

// Into [0, 2 pi).
inline double wrap_positive(double radians)
{
    double wrapped = std::fmod(radians, two_pi);
    if (wrapped < 0.0) {
        wrapped += two_pi;
    }
    return wrapped >= two_pi ? 0.0 : wrapped;
}

// The difference of two angles that are each in [-pi, pi), wrapped into
// [-pi, pi) without a division: the hot path of the relaxation.
inline float wrapped_difference(float a, float b)
{
    constexpr auto pi = std::numbers::pi_v<float>;
    float difference = a - b;
    if (difference >= pi) {
        difference -= 2.0f * pi;
    } else if (difference < -pi) {
        difference += 2.0f * pi;
    }
    return difference;
}

} // namespace ktpel::biometrics::matcher
