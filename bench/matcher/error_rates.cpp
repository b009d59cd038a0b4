// SPDX-License-Identifier: Apache-2.0
#include "error_rates.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace ktpel::bench::matcher {

namespace {

// Share of `sorted` (ascending) that is >= threshold.
double share_at_or_above(const std::vector<double>& sorted, double threshold)
{
    if (sorted.empty()) {
        return 0.0;
    }
    const auto first = std::lower_bound(sorted.begin(), sorted.end(), threshold);
    return static_cast<double>(sorted.end() - first) / static_cast<double>(sorted.size());
}

} // namespace

ScoreDistributions::ScoreDistributions(std::vector<double> genuine, std::vector<double> impostor)
    : genuine_(std::move(genuine)), impostor_(std::move(impostor))
{
    if (genuine_.empty() || impostor_.empty()) {
        throw std::invalid_argument("need both genuine and impostor scores");
    }
    std::sort(genuine_.begin(), genuine_.end());
    std::sort(impostor_.begin(), impostor_.end());
}

double ScoreDistributions::false_match_rate(double threshold) const
{
    return share_at_or_above(impostor_, threshold);
}

double ScoreDistributions::false_non_match_rate(double threshold) const
{
    return 1.0 - share_at_or_above(genuine_, threshold);
}

double ScoreDistributions::threshold_at_fmr(double fmr) const
{
    const auto allowed = static_cast<std::size_t>(std::floor(fmr * impostor_.size()));
    if (allowed >= impostor_.size()) {
        return impostor_.front();
    }
    const double blocking = impostor_[impostor_.size() - 1 - allowed];
    return std::nextafter(blocking, std::numeric_limits<double>::infinity());
}

ScoreDistributions::EqualErrorRate ScoreDistributions::equal_error_rate() const
{
    // Candidate thresholds: every observed score and just above it.
    std::vector<double> thresholds = genuine_;
    thresholds.insert(thresholds.end(), impostor_.begin(), impostor_.end());
    std::sort(thresholds.begin(), thresholds.end());
    thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
    EqualErrorRate best{1.0, 0.0};
    double best_gap = std::numeric_limits<double>::infinity();
    for (double score : thresholds) {
        for (double threshold :
             {score, std::nextafter(score, std::numeric_limits<double>::infinity())}) {
            const double fmr = false_match_rate(threshold);
            const double fnmr = false_non_match_rate(threshold);
            const double gap = std::abs(fmr - fnmr);
            if (gap < best_gap) {
                best_gap = gap;
                best = {(fmr + fnmr) / 2.0, threshold};
            }
        }
    }
    return best;
}

} // namespace ktpel::bench::matcher
