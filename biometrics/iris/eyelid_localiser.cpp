// SPDX-License-Identifier: Apache-2.0
#include "eyelid_localiser.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace ktpel::biometrics::iris {

namespace {

constexpr double step_offset = 3.0; // rows above/below the curve compared
constexpr double column_step = 3.0;
constexpr std::array<double, 6> curvatures = {0.0008, 0.0014, 0.0020, 0.0028, 0.0038, 0.0052};

EyelidBoundary search_lid(const GreyFrame& smooth, const Circle& pupil, const Circle& iris,
                          bool upper, const EyelidSearchSettings& settings)
{
    EyelidBoundary best;
    best.upper = upper;
    const double inner_limit = iris.radius - 4.0;
    const double pupil_limit = pupil.radius + step_offset + 3.0;
    const double sign = upper ? 1.0 : -1.0; // brighter side is above for the upper lid
    const double y_from = upper ? iris.y - iris.radius : iris.y - 0.2 * iris.radius;
    const double y_to = upper ? iris.y + 0.2 * iris.radius : iris.y + iris.radius;
    double best_score = -1e9;

    for (double k : curvatures) {
        for (int vx = -3; vx <= 3; ++vx) {
            const double vertex_x = iris.x + vx * 0.1 * iris.radius;
            for (double vertex_y = y_from; vertex_y <= y_to; vertex_y += 1.0) {
                double sum = 0.0;
                int n = 0;
                double x_min = 1e9;
                double x_max = -1e9;
                for (double x = iris.x - inner_limit; x <= iris.x + inner_limit; x += column_step) {
                    const double d = x - vertex_x;
                    const double y = upper ? vertex_y + k * d * d : vertex_y - k * d * d;
                    const double ix = x - iris.x;
                    const double iy = y - iris.y;
                    if (ix * ix + iy * iy > inner_limit * inner_limit)
                        continue;
                    const double px = x - pupil.x;
                    const double py = y - pupil.y;
                    if (px * px + py * py < pupil_limit * pupil_limit)
                        continue;
                    if (!smooth.contains(x, y - step_offset) ||
                        !smooth.contains(x, y + step_offset))
                        continue;
                    sum += sign *
                           (smooth.sample(x, y - step_offset) - smooth.sample(x, y + step_offset));
                    ++n;
                    x_min = std::min(x_min, x);
                    x_max = std::max(x_max, x);
                }
                if (n < 4)
                    continue;
                const double span = (x_max - x_min) / (2.0 * iris.radius);
                if (span < settings.min_span_fraction)
                    continue;
                const double score = sum / n;
                if (score > best_score) {
                    best_score = score;
                    best.vertex_x = vertex_x;
                    best.vertex_y = vertex_y;
                    best.curvature = k;
                }
            }
        }
    }
    best.edge_strength = best_score > -1e8 ? best_score : 0.0;
    best.found = best_score >= settings.min_edge_strength;
    return best;
}

} // namespace

EyelidBoundaries locate_eyelids(const GreyFrame& frame, const Circle& pupil, const Circle& iris,
                                const EyelidSearchSettings& settings)
{
    const GreyFrame smooth = frame.smoothed(2.0);
    return {search_lid(smooth, pupil, iris, true, settings),
            search_lid(smooth, pupil, iris, false, settings)};
}

} // namespace ktpel::biometrics::iris
