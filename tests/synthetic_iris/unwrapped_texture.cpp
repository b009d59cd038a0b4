// SPDX-License-Identifier: Apache-2.0
#include "unwrapped_texture.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ktpel::sim::iris::testing {

namespace {

double bilinear(const drivers::RasterImage& img, double x, double y)
{
    x = std::clamp(x, 0.0, img.width - 1.001);
    y = std::clamp(y, 0.0, img.height - 1.001);
    const auto x0 = static_cast<std::uint32_t>(x);
    const auto y0 = static_cast<std::uint32_t>(y);
    const double fx = x - x0;
    const double fy = y - y0;
    auto at = [&](std::uint32_t xx, std::uint32_t yy) {
        return static_cast<double>(img.pixels[yy * img.width + xx]);
    };
    const double top = at(x0, y0) + (at(x0 + 1, y0) - at(x0, y0)) * fx;
    const double bottom = at(x0, y0 + 1) + (at(x0 + 1, y0 + 1) - at(x0, y0 + 1)) * fx;
    return top + (bottom - top) * fy;
}

} // namespace

UnwrappedIris unwrap_iris(const SyntheticEye& eye, int angles, int radii)
{
    UnwrappedIris out;
    out.angles = angles;
    out.radii = radii;
    const auto& p = eye.truth.pupil;
    const auto& i = eye.truth.iris;
    const double s = eye.truth.horizontal_scale;
    // -30 .. 210 degrees in image coordinates (y down): sides and bottom.
    const double from = -30.0 * std::numbers::pi / 180.0;
    const double span = 240.0 * std::numbers::pi / 180.0;
    for (int r = 0; r < radii; ++r) {
        const double rho = 0.12 + (0.85 - 0.12) * r / (radii - 1);
        std::vector<double> row;
        for (int a = 0; a < angles; ++a) {
            const double t = from + span * a / angles;
            const double px = p.x + p.radius * s * std::cos(t);
            const double py = p.y + p.radius * std::sin(t);
            const double ix = i.x + i.radius * s * std::cos(t);
            const double iy = i.y + i.radius * std::sin(t);
            row.push_back(bilinear(eye.image, px + rho * (ix - px), py + rho * (iy - py)));
        }
        double mean = 0.0;
        for (double v : row)
            mean += v;
        mean /= angles;
        for (double v : row)
            out.values.push_back(v - mean);
    }
    return out;
}

double best_correlation(const UnwrappedIris& a, const UnwrappedIris& b, int max_shift)
{
    double best = -1.0;
    for (int shift = -max_shift; shift <= max_shift; ++shift) {
        double ab = 0.0;
        double aa = 0.0;
        double bb = 0.0;
        for (int r = 0; r < a.radii; ++r)
            for (int k = max_shift; k < a.angles - max_shift; ++k) {
                const double va = a.values[static_cast<std::size_t>(r * a.angles + k)];
                const double vb = b.values[static_cast<std::size_t>(r * b.angles + k + shift)];
                ab += va * vb;
                aa += va * va;
                bb += vb * vb;
            }
        if (aa > 0.0 && bb > 0.0)
            best = std::max(best, ab / std::sqrt(aa * bb));
    }
    return best;
}

} // namespace ktpel::sim::iris::testing
