// SPDX-License-Identifier: Apache-2.0
#include "match_decision.hpp"

#include <string>

#include "matcher_error.hpp"

namespace ktpel::biometrics::matcher {

MatchDecision decide(double score, const OperatingPoint& point)
{
    return score >= point.threshold ? MatchDecision::match : MatchDecision::no_match;
}

const OperatingPoint& operating_point_for(double target_fmr)
{
    const OperatingPoint* best = nullptr;
    for (const OperatingPoint& point : operating_points) {
        if (point.target_fmr <= target_fmr && (!best || point.target_fmr > best->target_fmr)) {
            best = &point;
        }
    }
    if (!best) {
        throw MatcherInputError("no threshold calibrated for a false-match rate of " +
                                std::to_string(target_fmr));
    }
    return *best;
}

} // namespace ktpel::biometrics::matcher
