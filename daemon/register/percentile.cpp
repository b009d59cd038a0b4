// SPDX-License-Identifier: Apache-2.0
#include "percentile.hpp"

#include <algorithm>
#include <stdexcept>

namespace ktpel::reg {

std::optional<std::int64_t> nearest_rank_percentile(std::vector<std::int64_t> values, int percent)
{
    if (percent < 1 || percent > 100)
        throw std::invalid_argument("percentile must be in 1..100");
    if (values.empty())
        return std::nullopt;
    // Integer ceil(percent * N / 100): no floating point, so 90 % of 10 is
    // exactly rank 9.
    const auto rank = (static_cast<std::size_t>(percent) * values.size() + 99) / 100;
    const auto index = rank - 1;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index),
                     values.end());
    return values[index];
}

} // namespace ktpel::reg
