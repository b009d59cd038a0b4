// SPDX-License-Identifier: Apache-2.0
// Smooth lattice noise that wraps around in its first coordinate. The iris
// texture lives on (angle, radius) coordinates, and angle 0 must meet angle
// 2*pi without a seam.
#pragma once

#include <cstdint>

namespace ktpel::sim::iris {

class PeriodicValueNoise
{
public:
    // `wrap_cells` lattice cells span u in [0, 1) and repeat; v is in cells
    // per unit and does not wrap.
    PeriodicValueNoise(std::uint64_t seed, int wrap_cells, double cells_per_unit_v);

    // Roughly in [-1, 1], zero mean. u wraps with period 1.
    double at(double u, double v) const;

private:
    double lattice(std::int64_t iu, std::int64_t iv) const;

    std::uint64_t seed_;
    int wrap_cells_;
    double cells_per_unit_v_;
};

} // namespace ktpel::sim::iris
