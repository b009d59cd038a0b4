// SPDX-License-Identifier: Apache-2.0
#include "latency_summary.hpp"

#include <algorithm>
#include <cmath>

namespace ktpel::bench {
namespace {

double milliseconds(std::chrono::nanoseconds duration)
{
    return std::chrono::duration<double, std::milli>(duration).count();
}

double nearest_rank_ms(const std::vector<std::chrono::nanoseconds>& sorted, double percent)
{
    const auto rank = static_cast<std::size_t>(std::ceil(percent / 100.0 * sorted.size()));
    return milliseconds(sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1]);
}

} // namespace

LatencySummary summarize(std::vector<std::chrono::nanoseconds> samples)
{
    LatencySummary summary;
    summary.count = samples.size();
    if (samples.empty())
        return summary;
    std::sort(samples.begin(), samples.end());
    summary.median_ms = nearest_rank_ms(samples, 50);
    summary.p90_ms = nearest_rank_ms(samples, 90);
    summary.min_ms = milliseconds(samples.front());
    summary.max_ms = milliseconds(samples.back());
    return summary;
}

} // namespace ktpel::bench
