// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "biometrics/matcher/match_decision.hpp"
#include "biometrics/matcher/matcher_error.hpp"

namespace ktpel::biometrics::matcher {
namespace {

TEST(MatchDecision, ThresholdIsInclusive)
{
    const OperatingPoint& point = fmr_one_in_1000;
    EXPECT_EQ(decide(point.threshold, point), MatchDecision::match);
    EXPECT_EQ(decide(point.threshold + 0.01, point), MatchDecision::match);
    EXPECT_EQ(decide(point.threshold - 0.001, point), MatchDecision::no_match);
}

TEST(MatchDecision, StricterRatesHaveHigherThresholds)
{
    EXPECT_GT(fmr_one_in_1000.threshold, 0.0);
    EXPECT_GT(fmr_one_in_10000.threshold, fmr_one_in_1000.threshold);
    EXPECT_LT(fmr_one_in_10000.threshold, 1.0);
    // The measured rates are what the names promise.
    for (const OperatingPoint& point : operating_points) {
        EXPECT_LE(point.measured_fmr, point.target_fmr);
        EXPECT_GT(point.impostor_comparisons, 0);
    }
}

TEST(MatchDecision, PicksTheLeastStrictPointMeetingTheTarget)
{
    EXPECT_EQ(&operating_point_for(1e-3), &operating_points[0]);
    EXPECT_EQ(&operating_point_for(1e-2), &operating_points[0]);
    EXPECT_EQ(&operating_point_for(5e-4), &operating_points[1]);
    EXPECT_EQ(&operating_point_for(1e-4), &operating_points[1]);
    EXPECT_THROW(operating_point_for(1e-5), MatcherInputError);
}

} // namespace
} // namespace ktpel::biometrics::matcher
