// SPDX-License-Identifier: Apache-2.0
#include "eye_geometry.hpp"

#include <algorithm>
#include <cmath>

namespace ktpel::sim::iris {

namespace {

// 1 at the centre of the opening, 0 at and beyond the corners.
double lid_profile(const EyeGeometry& g, double x)
{
    const double t = (x - g.fissure_x) / g.fissure_half_width;
    return std::max(0.0, 1.0 - t * t);
}

struct AnnulusCounts
{
    long annulus = 0;
    long upper = 0;
    long lower = 0;
};

AnnulusCounts count_annulus(const EyeGeometry& g, std::uint32_t width, std::uint32_t height)
{
    AnnulusCounts counts;
    const double half_w = g.iris_radius * g.horizontal_scale + 2.0;
    const int x0 = std::max(0, static_cast<int>(std::floor(g.iris_x - half_w)));
    const int x1 =
        std::min(static_cast<int>(width) - 1, static_cast<int>(std::ceil(g.iris_x + half_w)));
    const int y0 = std::max(0, static_cast<int>(std::floor(g.iris_y - g.iris_radius - 2.0)));
    const int y1 = std::min(static_cast<int>(height) - 1,
                            static_cast<int>(std::ceil(g.iris_y + g.iris_radius + 2.0)));
    for (int y = y0; y <= y1; ++y) {
        for (int x = x0; x <= x1; ++x) {
            if (!g.in_iris_annulus(x, y))
                continue;
            ++counts.annulus;
            if (g.above_upper_lid(x, y))
                ++counts.upper;
            else if (g.below_lower_lid(x, y))
                ++counts.lower;
        }
    }
    return counts;
}

} // namespace

double EyeGeometry::upper_lid_y(double x) const
{
    return fissure_y - upper_lid_height * lid_profile(*this, x);
}

double EyeGeometry::lower_lid_y(double x) const
{
    return fissure_y + lower_lid_height * lid_profile(*this, x);
}

bool EyeGeometry::in_iris_annulus(double x, double y) const
{
    const double u = (x - iris_x) / horizontal_scale;
    const double v = y - iris_y;
    if (u * u + v * v >= iris_radius * iris_radius)
        return false;
    const double du = u - pupil_u;
    const double dv = v - pupil_v;
    return du * du + dv * dv >= pupil_radius * pupil_radius;
}

LidCoverage measure_lid_coverage(const EyeGeometry& geometry, std::uint32_t width,
                                 std::uint32_t height)
{
    const AnnulusCounts counts = count_annulus(geometry, width, height);
    LidCoverage coverage;
    if (counts.annulus == 0)
        return coverage;
    coverage.upper = static_cast<double>(counts.upper) / static_cast<double>(counts.annulus);
    coverage.lower = static_cast<double>(counts.lower) / static_cast<double>(counts.annulus);
    return coverage;
}

void fit_lids_to_coverage(EyeGeometry& geometry, double upper_fraction, double lower_fraction,
                          std::uint32_t width, std::uint32_t height)
{
    // Coverage falls monotonically as a lid opens, so bisect on its height.
    const double max_height =
        3.0 * geometry.iris_radius + std::abs(geometry.fissure_y - geometry.iris_y);
    auto solve = [&](double& lid_height, double target, bool upper) {
        double open = max_height; // coverage 0
        double shut = 0.0;        // maximum coverage
        for (int i = 0; i < 30; ++i) {
            lid_height = 0.5 * (open + shut);
            const LidCoverage c = measure_lid_coverage(geometry, width, height);
            const double covered = upper ? c.upper : c.lower;
            if (covered > target)
                shut = lid_height;
            else
                open = lid_height;
        }
        lid_height = 0.5 * (open + shut);
    };
    // Park the other lid out of the way while solving one.
    geometry.lower_lid_height = max_height;
    solve(geometry.upper_lid_height, upper_fraction, true);
    solve(geometry.lower_lid_height, lower_fraction, false);
}

} // namespace ktpel::sim::iris
