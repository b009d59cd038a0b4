// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <span>

namespace ktpel::biometrics::matcher {

// A decision threshold on the Matcher score, with what bench/matcher
// measured for it (docs/fingerprint-matching.md gives the run). The figures
// come from synthetic fingerprints; a deployment recalibrates them on
// station data before relying on the false-match rate.
struct OperatingPoint
{
    double target_fmr = 0.0; // the false-match rate the threshold was chosen for
    double threshold = 0.0;  // a score >= threshold is a match
    // On the benchmark's impostor and genuine comparisons at this threshold.
    double measured_fmr = 0.0;
    double measured_fnmr = 0.0;
    int impostor_comparisons = 0;
};

// Calibrated with `matcher_bench --persons 200 --first-person 1000` (persons
// 1000-1199, 5 impressions each, all templates including near-empty ones:
// 2,000 genuine and 497,500 impostor comparisons), thresholds rounded up;
// the measured rates are at the rounded thresholds. The reported figures in
// docs/fingerprint-matching.md come from other persons (0-99).
inline constexpr OperatingPoint fmr_one_in_1000{1e-3, 0.039, 0.000894, 0.187, 497500};
inline constexpr OperatingPoint fmr_one_in_10000{1e-4, 0.052, 0.000084, 0.239, 497500};

inline constexpr OperatingPoint operating_points[] = {fmr_one_in_1000, fmr_one_in_10000};

enum class MatchDecision
{
    match,
    no_match,
};

MatchDecision decide(double score, const OperatingPoint& point);

// The operating point for a wanted false-match rate: the least strict one
// whose target is at or below `target_fmr`. Throws MatcherInputError when
// the wanted rate is below every calibrated point (the benchmark cannot
// vouch for it).
const OperatingPoint& operating_point_for(double target_fmr);

} // namespace ktpel::biometrics::matcher
