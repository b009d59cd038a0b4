// SPDX-License-Identifier: Apache-2.0
#include "limbus_localiser.hpp"

#include <algorithm>
#include <cmath>

#include "contour_sampler.hpp"
#include "integro_differential_search.hpp"

namespace ktpel::biometrics::iris {

namespace {

// Lateral arcs in image degrees (0 = right, 90 = down). They reach further
// below the horizontal than above because the upper lid covers more.
const std::vector<std::pair<double, double>> lateral_arcs = {{-20.0, 35.0}, {145.0, 200.0}};

} // namespace

std::optional<LimbusFinding> locate_limbus(const GreyFrame& frame, const Circle& pupil,
                                           const LimbusSearchLimits& limits)
{
    // The limbus is a soft edge; smoothing more than for the pupil keeps iris
    // texture from producing competing maxima.
    const GreyFrame smooth = frame.smoothed(2.0);
    const double r_lo = std::max(limits.min_radius_px, 1.25 * pupil.radius + 8.0);
    const double r_hi = std::min(limits.max_radius_px, pupil.radius / 0.15);
    if (r_hi <= r_lo)
        return std::nullopt;

    const ContourSampler coarse_arcs(lateral_arcs, 16);
    CircleSearchGrid coarse_grid{pupil.x, pupil.y, limits.max_centre_offset_px, 2.0, r_lo, r_hi,
                                 1.0,     3.0};
    const CircleScore coarse = search_circles(smooth, coarse_arcs, coarse_grid);
    if (!coarse.valid())
        return std::nullopt;

    const ContourSampler fine_arcs(lateral_arcs, 48);
    CircleSearchGrid fine_grid{coarse.circle.x,
                               coarse.circle.y,
                               2.0,
                               0.5,
                               std::max(r_lo, coarse.circle.radius - 3.0),
                               std::min(r_hi, coarse.circle.radius + 3.0),
                               0.5,
                               3.0};
    CircleScore fine = search_circles(smooth, fine_arcs, fine_grid);
    if (!fine.valid())
        fine = coarse;
    return LimbusFinding{fine.circle, fine.score};
}

} // namespace ktpel::biometrics::iris
