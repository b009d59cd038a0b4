// SPDX-License-Identifier: Apache-2.0
#include "skin_distortion.hpp"

#include <algorithm>
#include <cmath>

namespace ktpel::sim::fingerprint {

SkinDistortion SkinDistortion::none()
{
    return SkinDistortion{};
}

Point2 SkinDistortion::displacement(Point2 point) const
{
    const double u = (point.x - contact_centre.x) / contact_radius_x;
    const double v = (point.y - contact_centre.y) / contact_radius_y;
    const double radius = std::hypot(u, v);
    if (radius <= 1.0) {
        return {0.0, 0.0};
    }
    // Approximate distance outside the ellipse, then Cappelli's "brake":
    // here 1 - exp(-(d/k)^2), which also has a zero slope at the region's
    // edge so the skin does not crease there.
    const double outside = (radius - 1.0) * std::min(contact_radius_x, contact_radius_y);
    const double ratio = outside / brake_px;
    const double brake = 1.0 - std::exp(-ratio * ratio);
    const Point2 offset{point.x - contact_centre.x, point.y - contact_centre.y};
    const Point2 turned = rotate_on_screen(offset, twist);
    return {brake * (turned.x - offset.x + shift_x), brake * (turned.y - offset.y + shift_y)};
}

Point2 SkinDistortion::apply(Point2 point) const
{
    if (is_identity()) {
        return point;
    }
    const Point2 d = displacement(point);
    return {point.x + d.x, point.y + d.y};
}

Point2 SkinDistortion::invert(Point2 distorted) const
{
    if (is_identity()) {
        return distorted;
    }
    Point2 guess = distorted;
    for (int iteration = 0; iteration < 6; ++iteration) {
        const Point2 d = displacement(guess);
        const Point2 next{distorted.x - d.x, distorted.y - d.y};
        const double moved = std::abs(next.x - guess.x) + std::abs(next.y - guess.y);
        guess = next;
        if (moved < 0.02) {
            break;
        }
    }
    return guess;
}

} // namespace ktpel::sim::fingerprint
