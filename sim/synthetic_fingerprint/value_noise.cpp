// SPDX-License-Identifier: Apache-2.0
#include "value_noise.hpp"

#include <cmath>
#include <stdexcept>

#include "seeded_random.hpp"

namespace ktpel::sim::fingerprint {

ValueNoise::ValueNoise(std::uint64_t seed, double cell_size) : seed_(seed)
{
    if (!(cell_size > 0.0)) {
        throw std::invalid_argument("ValueNoise: cell size must be positive");
    }
    inverse_cell_ = 1.0 / cell_size;
}

double ValueNoise::lattice(std::int64_t ix, std::int64_t iy) const
{
    const std::uint64_t h =
        mix64(seed_ ^ mix64(static_cast<std::uint64_t>(ix) * 0x9E3779B97F4A7C15ULL +
                            static_cast<std::uint64_t>(iy)));
    return static_cast<double>(h >> 11) * 0x1.0p-53;
}

double ValueNoise::at(double x, double y) const
{
    const double gx = x * inverse_cell_;
    const double gy = y * inverse_cell_;
    const double fx = std::floor(gx);
    const double fy = std::floor(gy);
    const auto ix = static_cast<std::int64_t>(fx);
    const auto iy = static_cast<std::int64_t>(fy);
    double tx = gx - fx;
    double ty = gy - fy;
    tx = tx * tx * (3.0 - 2.0 * tx);
    ty = ty * ty * (3.0 - 2.0 * ty);
    const double top = lattice(ix, iy) + (lattice(ix + 1, iy) - lattice(ix, iy)) * tx;
    const double bottom =
        lattice(ix, iy + 1) + (lattice(ix + 1, iy + 1) - lattice(ix, iy + 1)) * tx;
    return top + (bottom - top) * ty;
}

} // namespace ktpel::sim::fingerprint
