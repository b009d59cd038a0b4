// SPDX-License-Identifier: Apache-2.0
#include <numbers>

#include <gtest/gtest.h>

#include "biometrics/matcher/match_decision.hpp"
#include "biometrics/matcher/matcher.hpp"
#include "biometrics/matcher/matcher_error.hpp"
#include "test_minutiae.hpp"

namespace ktpel::biometrics::matcher {
namespace {

using testing::extracted_minutiae;
using testing::impression_geometry;
using testing::random_minutiae;
using testing::rotated_and_shifted;

// A canvas large enough for moved copies of an impression's minutiae.
constexpr TemplateGeometry large_canvas{800, 900, 500.0, 500.0};

TEST(Matcher, SameTemplateGetsTheTopScore)
{
    const auto minutiae = extracted_minutiae(3, 0);
    ASSERT_GE(minutiae.size(), 20u);
    const MatchTemplate prepared = prepare_template(minutiae, impression_geometry);
    const double self = compare(prepared, prepared);
    EXPECT_GT(self, 0.9);
    EXPECT_LE(self, 1.0);
    // Higher than against another impression of the same finger or another
    // finger.
    const MatchTemplate other_impression =
        prepare_template(extracted_minutiae(3, 1), impression_geometry);
    const MatchTemplate other_finger =
        prepare_template(extracted_minutiae(4, 0), impression_geometry);
    EXPECT_GT(self, compare(prepared, other_impression));
    EXPECT_GT(self, compare(prepared, other_finger));
}

TEST(Matcher, RotatedAndShiftedCopyScoresHigh)
{
    const auto minutiae = extracted_minutiae(3, 0);
    const MatchTemplate original = prepare_template(minutiae, large_canvas);
    const double self = compare(original, original);
    for (double degrees : {-60.0, -30.0, 12.0, 45.0}) {
        const auto moved =
            rotated_and_shifted(minutiae, degrees * std::numbers::pi / 180.0, 200, 250, 180, 160);
        const double score = compare(original, prepare_template(moved, large_canvas));
        EXPECT_GT(score, 0.7 * self) << degrees << " degrees";
        EXPECT_GT(score, fmr_one_in_10000.threshold * 4) << degrees << " degrees";
    }
}

TEST(Matcher, DoesNotMatchFingersTurnedFurtherThanTheDirectionLimit)
{
    // MCC only pairs minutiae whose directions differ by at most
    // delta_theta (90 degrees): a finger is never placed upside down.
    const auto minutiae = extracted_minutiae(3, 0);
    const MatchTemplate original = prepare_template(minutiae, large_canvas);
    const auto upside_down = rotated_and_shifted(minutiae, std::numbers::pi, 200, 250, 180, 160);
    EXPECT_LT(compare(original, prepare_template(upside_down, large_canvas)),
              fmr_one_in_1000.threshold);
}

TEST(Matcher, RandomMinutiaeScoreLow)
{
    const MatchTemplate finger = prepare_template(extracted_minutiae(3, 0), impression_geometry);
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const MatchTemplate noise =
            prepare_template(random_minutiae(seed, 40, 400, 500), impression_geometry);
        ASSERT_GT(noise.size(), 10u);
        EXPECT_LT(compare(finger, noise), fmr_one_in_10000.threshold) << "seed " << seed;
        const MatchTemplate other_noise =
            prepare_template(random_minutiae(seed + 100, 40, 400, 500), impression_geometry);
        EXPECT_LT(compare(noise, other_noise), fmr_one_in_10000.threshold) << "seed " << seed;
    }
}

TEST(Matcher, EmptyAndTinyTemplatesScoreZero)
{
    const MatchTemplate finger = prepare_template(extracted_minutiae(3, 0), impression_geometry);
    const MatchTemplate empty =
        prepare_template(std::vector<fingerprint::Minutia>{}, impression_geometry);
    EXPECT_EQ(empty.size(), 0u);
    EXPECT_EQ(compare(empty, empty), 0.0);
    EXPECT_EQ(compare(finger, empty), 0.0);
    EXPECT_EQ(compare(empty, finger), 0.0);
    // One, two and three minutiae (collinear too: a degenerate hull).
    for (int count = 1; count <= 3; ++count) {
        std::vector<fingerprint::Minutia> few;
        for (int i = 0; i < count; ++i) {
            few.push_back({200 + 10 * i, 250, 0.5 * i, fingerprint::MinutiaType::ridge_ending, 50});
        }
        const MatchTemplate tiny = prepare_template(few, impression_geometry);
        EXPECT_EQ(compare(tiny, tiny), 0.0) << count;
        EXPECT_EQ(compare(finger, tiny), 0.0) << count;
    }
    // All minutiae on one spot: a degenerate hull, no crash, no match.
    const std::vector<fingerprint::Minutia> stacked(6, fingerprint::Minutia{100, 100, 1.0});
    EXPECT_LT(compare(finger, prepare_template(stacked, impression_geometry)),
              fmr_one_in_1000.threshold);
}

TEST(Matcher, IsExactlySymmetric)
{
    const MatchTemplate a = prepare_template(extracted_minutiae(5, 0), impression_geometry);
    const MatchTemplate b = prepare_template(extracted_minutiae(5, 1), impression_geometry);
    const MatchTemplate c = prepare_template(extracted_minutiae(6, 0), impression_geometry);
    EXPECT_EQ(compare(a, b), compare(b, a));
    EXPECT_EQ(compare(a, c), compare(c, a));
    EXPECT_EQ(compare(b, c), compare(c, b));
}

TEST(Matcher, RescalesOtherResolutions)
{
    const auto minutiae = extracted_minutiae(3, 0);
    std::vector<fingerprint::Minutia> doubled = minutiae;
    for (fingerprint::Minutia& minutia : doubled) {
        minutia.x *= 2;
        minutia.y *= 2;
    }
    const MatchTemplate at_500 = prepare_template(minutiae, impression_geometry);
    const MatchTemplate at_1000 = prepare_template(doubled, {800, 1000, 1000.0, 1000.0});
    EXPECT_NEAR(compare(at_500, at_1000), compare(at_500, at_500), 1e-6);
}

TEST(Matcher, RejectsUnusableInput)
{
    const auto minutiae = extracted_minutiae(3, 0);
    EXPECT_THROW(prepare_template(minutiae, {400, 500, 0.0, 500.0}), MatcherInputError);
    EXPECT_THROW(prepare_template(minutiae, {-1, 500, 500.0, 500.0}), MatcherInputError);
    EXPECT_THROW(prepare_template(random_minutiae(1, max_template_minutiae + 1, 400, 500),
                                  impression_geometry),
                 MatcherInputError);
    // Templates built for other cylinder parameters cannot be compared.
    MatcherParameters other;
    other.cylinder.radius = 60.0;
    const Matcher matcher(other);
    const MatchTemplate ours = matcher.prepare(minutiae, impression_geometry);
    const MatchTemplate theirs = prepare_template(minutiae, impression_geometry);
    EXPECT_NO_THROW(matcher.compare(ours, ours));
    EXPECT_THROW(matcher.compare(ours, theirs), MatcherInputError);
}

TEST(Matcher, PairsToAverageFollowsTheSmallerTemplate)
{
    const Matcher matcher;
    EXPECT_EQ(matcher.pairs_to_average(5, 80), 4);
    EXPECT_EQ(matcher.pairs_to_average(80, 60), 12);
    const int middle = matcher.pairs_to_average(20, 40);
    EXPECT_EQ(middle, 8); // Z(20; 20, 0.4) = 0.5
}

} // namespace
} // namespace ktpel::biometrics::matcher
