// SPDX-License-Identifier: Apache-2.0
#include <cmath>

#include <gtest/gtest.h>

#include "biometrics/iris/iris_input_error.hpp"
#include "biometrics/iris/iris_segmentation.hpp"
#include "sim/synthetic_iris/eye_renderer.hpp"

namespace ktpel::biometrics::iris {
namespace {

namespace sim = ktpel::sim::iris;

sim::SyntheticEye eye(std::uint64_t person, sim::EyeSide side, std::uint64_t impression,
                      sim::EyeImpairments impairments = {})
{
    sim::ImpressionOptions options;
    options.impression = impression;
    options.impairments = impairments;
    return sim::render_eye(person, side, options);
}

const IrisSegmentation& segmented(const SegmentationResult& result)
{
    if (const auto* none = std::get_if<NoEyeFound>(&result))
        ADD_FAILURE() << "no eye found: " << to_string(none->reason) << " " << none->detail;
    return std::get<IrisSegmentation>(result);
}

TEST(IrisSegmentation, FindsTheGroundTruthCirclesOnNormalEyes)
{
    double worst_pupil = 0.0;
    double worst_iris = 0.0;
    for (std::uint64_t person = 1; person <= 10; ++person) {
        for (auto side : {sim::EyeSide::left, sim::EyeSide::right}) {
            const auto e = eye(person * 7919, side, person);
            const auto result = segment_eye(e.image);
            ASSERT_TRUE(std::holds_alternative<IrisSegmentation>(result)) << person;
            const auto& s = std::get<IrisSegmentation>(result);
            const auto& t = e.truth;
            const double pupil_error =
                std::max({std::abs(s.pupil.x - t.pupil.x), std::abs(s.pupil.y - t.pupil.y),
                          std::abs(s.pupil.radius - t.pupil.radius)});
            const double iris_error =
                std::max({std::abs(s.iris.x - t.iris.x), std::abs(s.iris.y - t.iris.y),
                          std::abs(s.iris.radius - t.iris.radius)});
            EXPECT_LT(pupil_error, 3.0) << "person " << person;
            EXPECT_LT(iris_error, 3.0) << "person " << person;
            worst_pupil = std::max(worst_pupil, pupil_error);
            worst_iris = std::max(worst_iris, iris_error);
        }
    }
    RecordProperty("worst_pupil_error_px", std::to_string(worst_pupil));
    RecordProperty("worst_iris_error_px", std::to_string(worst_iris));
}

TEST(IrisSegmentation, PupilIrisRatioMatchesGroundTruth)
{
    for (double ratio : {0.25, 0.35, 0.5}) {
        sim::ImpressionOptions options;
        options.impression = 5;
        options.pupil_ratio = ratio;
        const auto e = sim::render_eye(4242, sim::EyeSide::right, options);
        const auto& s = segmented(segment_eye(e.image));
        EXPECT_NEAR(s.pupil.radius / s.iris.radius, e.truth.pupil_iris_ratio, 0.02) << ratio;
    }
}

TEST(IrisSegmentation, SegmentationIsRobustToModerateDefocus)
{
    const auto e = eye(31337, sim::EyeSide::left, 2, {.defocus_sigma_px = 2.5});
    const auto& s = segmented(segment_eye(e.image));
    EXPECT_NEAR(s.pupil.radius, e.truth.pupil.radius, 2.5);
    EXPECT_NEAR(s.iris.radius, e.truth.iris.radius, 3.0);
}

TEST(IrisSegmentation, OccludedFractionTracksTheLids)
{
    for (double requested : {0.0, 0.1, 0.2, 0.3, 0.4}) {
        const auto e = eye(2024, sim::EyeSide::right, 3, {.eyelid_occlusion = requested});
        const auto& s = segmented(segment_eye(e.image));
        EXPECT_NEAR(s.occluded_fraction(), e.truth.occluded_fraction, 0.06) << requested;
    }
}

TEST(IrisSegmentation, NaturalOcclusionIsEstimatedOnEveryNormalEye)
{
    for (std::uint64_t person = 1; person <= 8; ++person) {
        const auto e = eye(person * 104729, sim::EyeSide::left, 1);
        const auto& s = segmented(segment_eye(e.image));
        EXPECT_NEAR(s.occluded_fraction(), e.truth.occluded_fraction, 0.05) << person;
        // The labels add up and lashes are flagged near where they are.
        EXPECT_EQ(s.annulus_pixels,
                  s.usable_pixels + s.eyelid_pixels + s.specular_pixels + s.eyelash_pixels);
        EXPECT_NEAR(s.share(s.eyelash_pixels), e.truth.eyelash_fraction, 0.04) << person;
    }
}

TEST(IrisSegmentation, ClosedOrAbsentEyeIsTypedNoEyeFound)
{
    for (auto presence : {sim::EyePresence::closed, sim::EyePresence::absent}) {
        for (std::uint64_t person = 1; person <= 4; ++person) {
            const auto e = eye(person, sim::EyeSide::left, person, {.presence = presence});
            const auto result = segment_eye(e.image);
            ASSERT_TRUE(std::holds_alternative<NoEyeFound>(result))
                << "presence " << static_cast<int>(presence) << " person " << person;
        }
    }
}

TEST(IrisSegmentation, MalformedRasterIsAnInputError)
{
    drivers::RasterImage bad{640, 480, 0, std::vector<std::uint8_t>(100)};
    EXPECT_THROW(segment_eye(bad), IrisInputError);
    drivers::RasterImage tiny{10, 10, 0, std::vector<std::uint8_t>(100)};
    EXPECT_THROW(segment_eye(tiny), IrisInputError);
}

} // namespace
} // namespace ktpel::biometrics::iris
