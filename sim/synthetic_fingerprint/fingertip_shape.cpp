// SPDX-License-Identifier: Apache-2.0
#include "fingertip_shape.hpp"

#include <array>
#include <cmath>

namespace ktpel::sim::fingerprint {

double FingertipShape::normalised_radius(Point2 point) const
{
    const double u = std::abs(point.x - centre.x) / half_width;
    const double v = (point.y - centre.y) / half_height;
    if (v <= 0.0) {
        return std::hypot(u, v); // the tip: an ellipse
    }
    // Towards the crease: a superellipse of exponent 4, nearly a rectangle
    // with rounded corners.
    const double u2 = u * u;
    const double v2 = v * v;
    return std::sqrt(std::sqrt(u2 * u2 + v2 * v2));
}

FingertipShape fingertip_shape_for(FingerPosition position, SeededRandom& random)
{
    // Contact width and height in millimetres of a flat impression.
    static constexpr std::array<std::array<double, 2>, 5> size_mm = {{
        {19.5, 25.0}, // thumb
        {16.0, 21.0}, // index
        {16.5, 22.0}, // middle
        {15.5, 20.5}, // ring
        {13.5, 18.0}, // little
    }};
    constexpr double px_per_mm = 500.0 / 25.4;
    const auto& mm = size_mm[static_cast<std::size_t>(digit_of(position))];
    const double scale = random.uniform(0.93, 1.07);
    const double aspect = random.uniform(0.96, 1.04);
    FingertipShape shape;
    shape.half_width = 0.5 * mm[0] * px_per_mm * scale * aspect;
    shape.half_height = 0.5 * mm[1] * px_per_mm * scale / aspect;
    shape.centre = {std::ceil(shape.half_width) + master_margin_px,
                    std::ceil(shape.half_height) + master_margin_px};
    return shape;
}

} // namespace ktpel::sim::fingerprint
