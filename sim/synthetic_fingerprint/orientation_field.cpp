// SPDX-License-Identifier: Apache-2.0
#include "orientation_field.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "geometry.hpp"

namespace ktpel::sim::fingerprint {

namespace {

// Vizcaya-Gerhardt replace the angle arg(z - z_k) seen from each singular
// point by a monotone function g_k with g_k(a + 2 pi) = g_k(a) + 2 pi. We
// use the identity plus two small harmonics: monotone while the
// amplitudes stay small, and enough to bend and tilt loops and whorls.
struct AngularCorrection
{
    double first = 0.0;
    double first_phase = 0.0;
    double second = 0.0;
    double second_phase = 0.0;

    double operator()(double alpha) const
    {
        return alpha + first * std::sin(alpha - first_phase) +
               second * std::sin(2.0 * (alpha - second_phase));
    }
};

double arch_orientation(double x, double y, const FingertipShape& shape, double height_scale,
                        double width_scale, double tilt)
{
    // Ridges follow y = c - a(c) exp(-(x - cx)^2 / (2 s^2)): flat near the
    // crease, most curved a little above the centre, flatter again at the
    // very tip. The slope of that family gives the orientation.
    const double dx = x - shape.centre.x;
    const double s = width_scale * shape.half_width;
    const double v = (y - shape.centre.y) / shape.half_height; // -1 tip .. 1 crease
    const double amplitude =
        height_scale * shape.half_height * std::exp(-2.0 * (v + 0.2) * (v + 0.2));
    const double slope = amplitude * dx / (s * s) * std::exp(-dx * dx / (2.0 * s * s));
    return std::atan(-slope) + tilt;
}

} // namespace

OrientationField::OrientationField(int width, int height)
    : width_(width), height_(height),
      radians_(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), 0.0F)
{
    if (width <= 0 || height <= 0) {
        throw std::invalid_argument("OrientationField: size must be positive");
    }
}

double OrientationField::at(int x, int y) const
{
    x = std::clamp(x, 0, width_ - 1);
    y = std::clamp(y, 0, height_ - 1);
    return radians_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                    static_cast<std::size_t>(x)];
}

void OrientationField::set(int x, int y, double radians)
{
    radians_.at(static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                static_cast<std::size_t>(x)) = static_cast<float>(wrap_orientation(radians));
}

OrientationField OrientationField::from_pattern(int width, int height, PatternClass pattern,
                                                const std::vector<SingularPoint>& singular_points,
                                                const FingertipShape& shape, SeededRandom& random)
{
    OrientationField field(width, height);
    if (pattern == PatternClass::Arch || singular_points.empty()) {
        const double height_scale = random.uniform(0.4, 0.65);
        const double width_scale = random.uniform(0.45, 0.7);
        const double tilt = random.uniform(-0.08, 0.08);
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                field.set(x, y, arch_orientation(x, y, shape, height_scale, width_scale, tilt));
            }
        }
        return field;
    }

    std::vector<AngularCorrection> corrections;
    for (std::size_t i = 0; i < singular_points.size(); ++i) {
        corrections.push_back(
            {random.uniform(0.0, 0.22), random.uniform(0.0, 2.0 * std::numbers::pi),
             random.uniform(0.0, 0.09), random.uniform(0.0, 2.0 * std::numbers::pi)});
    }
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            double doubled = 0.0;
            for (std::size_t i = 0; i < singular_points.size(); ++i) {
                const SingularPoint& point = singular_points[i];
                // Angle seen from the singular point with y up, so that the
                // model's counter-clockwise sense matches ours.
                const double alpha = std::atan2(-(y - point.position.y), x - point.position.x);
                const double corrected = corrections[i](alpha);
                doubled += point.kind == SingularityKind::Core ? corrected : -corrected;
            }
            field.set(x, y, 0.5 * doubled);
        }
    }
    return field;
}

} // namespace ktpel::sim::fingerprint
