// SPDX-License-Identifier: Apache-2.0
// Verification error rates from genuine and impostor score lists.
#pragma once

#include <vector>

namespace ktpel::bench::matcher {

// Scores are similarities: a comparison is a match when score >= threshold.
class ScoreDistributions
{
public:
    ScoreDistributions(std::vector<double> genuine, std::vector<double> impostor);

    const std::vector<double>& genuine() const { return genuine_; } // ascending
    const std::vector<double>& impostor() const { return impostor_; }

    double false_match_rate(double threshold) const;
    double false_non_match_rate(double threshold) const;

    // The lowest threshold whose false-match rate is at most `fmr`: just
    // above the (floor(fmr * N) + 1)-th highest impostor score.
    double threshold_at_fmr(double fmr) const;

    struct EqualErrorRate
    {
        double rate = 0.0; // mean of FMR and FNMR where they are closest
        double threshold = 0.0;
    };
    EqualErrorRate equal_error_rate() const;

private:
    std::vector<double> genuine_;
    std::vector<double> impostor_;
};

} // namespace ktpel::bench::matcher
