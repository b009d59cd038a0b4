// SPDX-License-Identifier: Apache-2.0
#include "periodic_value_noise.hpp"

#include <cmath>

#include "seeded_random.hpp"

namespace ktpel::sim::iris {

namespace {

// Quintic fade: continuous first and second derivatives, so no visible
// lattice lines in the furrows.
double fade(double t)
{
    return t * t * t * (t * (t * 6.0 - 15.0) + 10.0);
}

} // namespace

PeriodicValueNoise::PeriodicValueNoise(std::uint64_t seed, int wrap_cells, double cells_per_unit_v)
    : seed_(seed), wrap_cells_(wrap_cells < 1 ? 1 : wrap_cells), cells_per_unit_v_(cells_per_unit_v)
{
}

double PeriodicValueNoise::lattice(std::int64_t iu, std::int64_t iv) const
{
    std::int64_t wrapped = iu % wrap_cells_;
    if (wrapped < 0)
        wrapped += wrap_cells_;
    const std::uint64_t h =
        mix_seed(seed_, static_cast<std::uint64_t>(wrapped), static_cast<std::uint64_t>(iv));
    return static_cast<double>(h >> 11) * 0x1.0p-52 - 1.0;
}

double PeriodicValueNoise::at(double u, double v) const
{
    const double x = (u - std::floor(u)) * wrap_cells_;
    const double y = v * cells_per_unit_v_;
    const double fx = std::floor(x);
    const double fy = std::floor(y);
    const auto ix = static_cast<std::int64_t>(fx);
    const auto iy = static_cast<std::int64_t>(fy);
    const double tx = fade(x - fx);
    const double ty = fade(y - fy);
    const double a = lattice(ix, iy);
    const double b = lattice(ix + 1, iy);
    const double c = lattice(ix, iy + 1);
    const double d = lattice(ix + 1, iy + 1);
    const double top = a + (b - a) * tx;
    const double bottom = c + (d - c) * tx;
    return top + (bottom - top) * ty;
}

} // namespace ktpel::sim::iris
