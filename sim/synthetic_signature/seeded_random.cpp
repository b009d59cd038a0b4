// SPDX-License-Identifier: Apache-2.0
#include "seeded_random.hpp"

#include <cmath>
#include <numbers>

#include "common/seeded_random.hpp"

namespace ktpel::sim::signature {

std::uint64_t mix_seed(std::uint64_t first, std::uint64_t second) noexcept
{
    return mix64(first * 0x9e3779b97f4a7c15ull + second + 0x632be59bd9b4e019ull);
}

double SeededRandom::unit()
{
    // 53 random bits: every double in [0, 1) this can hold, evenly spaced.
    return static_cast<double>(engine_() >> 11) * 0x1.0p-53;
}

double SeededRandom::uniform(double low, double high)
{
    return low + (high - low) * unit();
}

int SeededRandom::integer(int low, int high)
{
    const auto span = static_cast<std::uint64_t>(high - low) + 1;
    return low + static_cast<int>(engine_() % span);
}

double SeededRandom::normal(double mean, double deviation)
{
    // Box-Muller, keeping the second value of each pair.
    if (has_spare_) {
        has_spare_ = false;
        return mean + deviation * spare_normal_;
    }
    const double u1 = 1.0 - unit(); // (0, 1]: log stays finite
    const double u2 = unit();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * std::numbers::pi * u2;
    spare_normal_ = radius * std::sin(angle);
    has_spare_ = true;
    return mean + deviation * radius * std::cos(angle);
}

} // namespace ktpel::sim::signature
