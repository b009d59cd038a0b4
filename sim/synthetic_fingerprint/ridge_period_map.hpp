// SPDX-License-Identifier: Apache-2.0
// The local ridge period (pixels per ridge at 500 ppi) of a master: a
// per-finger base value, a slow random variation across the skin, a little
// wider around the cores, and always inside the configured range.
#pragma once

#include <vector>

#include "seeded_random.hpp"
#include "singular_points.hpp"

namespace ktpel::sim::fingerprint {

class RidgePeriodMap
{
public:
    RidgePeriodMap() = default;

    // Throws std::invalid_argument unless 0 < min_period <= max_period.
    static RidgePeriodMap generate(int width, int height, double min_period, double max_period,
                                   const std::vector<SingularPoint>& singular_points,
                                   SeededRandom& random);

    int width() const { return width_; }
    int height() const { return height_; }
    double min_period() const { return min_period_; }
    double max_period() const { return max_period_; }
    // Coordinates are clamped to the map.
    double at(int x, int y) const;

private:
    int width_ = 0;
    int height_ = 0;
    double min_period_ = 0.0;
    double max_period_ = 0.0;
    std::vector<float> period_;
};

} // namespace ktpel::sim::fingerprint
