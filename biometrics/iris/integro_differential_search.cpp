// SPDX-License-Identifier: Apache-2.0
#include "integro_differential_search.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace ktpel::biometrics::iris {

CircleScore search_circles(const GreyFrame& frame, const ContourSampler& sampler,
                           const CircleSearchGrid& grid)
{
    CircleScore best;
    const double r_step = grid.radius_step;
    const int gap_steps = std::max(1, static_cast<int>(std::lround(grid.gap / r_step)));
    const int radii =
        static_cast<int>(std::floor((grid.radius_high - grid.radius_low) / r_step)) + 1;
    if (radii <= 0)
        return best;
    // Each contour mean is computed once per centre and reused by every
    // difference that needs it.
    std::vector<double> contour(static_cast<std::size_t>(radii + 2 * gap_steps));
    const int centre_steps =
        static_cast<int>(std::floor(grid.centre_reach / grid.centre_step + 1e-9));
    for (int iy = -centre_steps; iy <= centre_steps; ++iy) {
        for (int ix = -centre_steps; ix <= centre_steps; ++ix) {
            const double x = grid.centre_x + ix * grid.centre_step;
            const double y = grid.centre_y + iy * grid.centre_step;
            for (std::size_t i = 0; i < contour.size(); ++i) {
                const double r = grid.radius_low + (static_cast<double>(i) - gap_steps) * r_step;
                contour[i] = r > 0.5 ? sampler.mean(frame, x, y, r) : std::nan("");
            }
            for (int i = 0; i < radii; ++i) {
                const double inner = contour[static_cast<std::size_t>(i)];
                double d = contour[static_cast<std::size_t>(i + 2 * gap_steps)] - inner;
                if (grid.relative_to_inner)
                    d /= inner + 10.0;
                if (std::isnan(d))
                    continue;
                if (d > best.score) {
                    best.score = d;
                    best.circle = {x, y, grid.radius_low + i * r_step};
                }
            }
        }
    }
    return best;
}

} // namespace ktpel::biometrics::iris
