// SPDX-License-Identifier: Apache-2.0
// Smooth 2-D value noise: random values on a square lattice, interpolated
// with a smoothstep. Used for anything that should vary slowly across the
// skin or the platen (ridge period, pressure, dryness, background).
#pragma once

#include <cstdint>

namespace ktpel::sim::fingerprint {

class ValueNoise
{
public:
    // `cell_size` is the lattice spacing in pixels (> 0).
    ValueNoise(std::uint64_t seed, double cell_size);

    // In [0, 1); a pure function of (seed, x, y).
    double at(double x, double y) const;

private:
    double lattice(std::int64_t ix, std::int64_t iy) const;

    std::uint64_t seed_;
    double inverse_cell_;
};

} // namespace ktpel::sim::fingerprint
