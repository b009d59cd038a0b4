// SPDX-License-Identifier: Apache-2.0
#include "geometry.hpp"

#include <cmath>
#include <numbers>

namespace ktpel::sim::fingerprint {

double wrap_angle(double radians)
{
    constexpr double full = 2.0 * std::numbers::pi;
    double wrapped = std::fmod(radians, full);
    if (wrapped < 0.0) {
        wrapped += full;
    }
    return wrapped >= full ? 0.0 : wrapped;
}

double wrap_orientation(double radians)
{
    constexpr double half = std::numbers::pi;
    double wrapped = std::fmod(radians, half);
    if (wrapped < 0.0) {
        wrapped += half;
    }
    return wrapped >= half ? 0.0 : wrapped;
}

double screen_angle(double dx, double dy)
{
    return wrap_angle(std::atan2(-dy, dx));
}

Point2 rotate_on_screen(Point2 offset, double radians)
{
    // Counter-clockwise on screen is clockwise in y-down coordinates.
    const double c = std::cos(radians);
    const double s = std::sin(radians);
    return {c * offset.x + s * offset.y, -s * offset.x + c * offset.y};
}

} // namespace ktpel::sim::fingerprint
