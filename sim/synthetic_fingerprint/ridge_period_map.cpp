// SPDX-License-Identifier: Apache-2.0
#include "ridge_period_map.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "value_noise.hpp"

namespace ktpel::sim::fingerprint {

RidgePeriodMap RidgePeriodMap::generate(int width, int height, double min_period, double max_period,
                                        const std::vector<SingularPoint>& singular_points,
                                        SeededRandom& random)
{
    if (width <= 0 || height <= 0) {
        throw std::invalid_argument("RidgePeriodMap: size must be positive");
    }
    if (!(min_period > 0.0) || !(max_period >= min_period)) {
        throw std::invalid_argument("RidgePeriodMap: need 0 < min_period <= max_period");
    }
    RidgePeriodMap map;
    map.width_ = width;
    map.height_ = height;
    map.min_period_ = min_period;
    map.max_period_ = max_period;
    map.period_.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));

    const double span = max_period - min_period;
    // Fingers differ more from each other than places on one finger do.
    const double base = random.uniform(min_period + 0.3 * span, max_period - 0.3 * span);
    const ValueNoise variation(random.next_u64(), 70.0);
    const double variation_amplitude = 0.3 * span;
    const double core_widening = 0.12 * span;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            double period = base + variation_amplitude * (2.0 * variation.at(x, y) - 1.0);
            for (const SingularPoint& point : singular_points) {
                if (point.kind != SingularityKind::Core) {
                    continue;
                }
                const double dx = x - point.position.x;
                const double dy = y - point.position.y;
                period += core_widening * std::exp(-(dx * dx + dy * dy) / (2.0 * 60.0 * 60.0));
            }
            map.period_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                        static_cast<std::size_t>(x)] =
                static_cast<float>(std::clamp(period, min_period, max_period));
        }
    }
    return map;
}

double RidgePeriodMap::at(int x, int y) const
{
    x = std::clamp(x, 0, width_ - 1);
    y = std::clamp(y, 0, height_ - 1);
    return period_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                   static_cast<std::size_t>(x)];
}

} // namespace ktpel::sim::fingerprint
