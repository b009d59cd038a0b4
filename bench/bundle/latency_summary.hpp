// SPDX-License-Identifier: Apache-2.0
// Median and p90 of a set of timed deliveries.
#pragma once

#include <chrono>
#include <vector>

namespace ktpel::bench {

struct LatencySummary
{
    std::size_t count = 0;
    double median_ms = 0;
    double p90_ms = 0;
    double min_ms = 0;
    double max_ms = 0;
};

// Nearest rank, so every figure is a time that was actually observed (with
// an even count the median is the lower of the two middle values).
LatencySummary summarize(std::vector<std::chrono::nanoseconds> samples);

} // namespace ktpel::bench
