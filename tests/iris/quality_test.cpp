// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "biometrics/iris/eye_assessment.hpp"
#include "sim/synthetic_iris/eye_renderer.hpp"

namespace ktpel::biometrics::iris {
namespace {

namespace sim = ktpel::sim::iris;

EyeAssessment assess(std::uint64_t person, sim::EyeSide side, std::uint64_t impression,
                     sim::EyeImpairments impairments = {})
{
    sim::ImpressionOptions options;
    options.impression = impression;
    options.impairments = impairments;
    return assess_eye(sim::render_eye(person, side, options).image);
}

const IrisQualityReport& report(const EyeAssessment& a)
{
    if (const auto* none = std::get_if<NoEyeFound>(&a))
        ADD_FAILURE() << "no eye found: " << none->detail;
    return std::get<IrisQualityReport>(a);
}

TEST(IrisQuality, GoodEyesScoreWellAndReportEveryMeasure)
{
    for (std::uint64_t person = 1; person <= 6; ++person) {
        const auto a = assess(person * 31, sim::EyeSide::right, person);
        const auto& r = report(a);
        EXPECT_GE(r.score.overall, 60) << person;
        EXPECT_LE(r.score.overall, 100);
        EXPECT_GT(r.measures.sharpness, 80.0);
        EXPECT_GT(r.measures.usable_iris_area, 70.0);
        EXPECT_GT(r.measures.pupil_boundary_circularity, 80.0);
        EXPECT_GT(r.measures.iris_pupil_contrast, 40.0);
        ASSERT_TRUE(r.measures.iris_sclera_contrast.has_value());
        EXPECT_GT(*r.measures.iris_sclera_contrast, 10.0);
        EXPECT_GT(r.measures.margin_adequacy, 90.0);
        EXPECT_GE(r.measures.iris_radius_px, 97.0);
    }
}

TEST(IrisQuality, SharpScoresAboveBlurredAndBlurOrdersMonotonically)
{
    for (std::uint64_t person = 1; person <= 4; ++person) {
        const auto sharp = assess(person * 97, sim::EyeSide::left, 2);
        const auto soft = assess(person * 97, sim::EyeSide::left, 2, {.defocus_sigma_px = 1.5});
        const auto blurred = assess(person * 97, sim::EyeSide::left, 2, {.defocus_sigma_px = 2.5});
        const auto& a = report(sharp);
        const auto& b = report(soft);
        const auto& c = report(blurred);
        EXPECT_GT(a.measures.sharpness, b.measures.sharpness) << person;
        EXPECT_GT(b.measures.sharpness, c.measures.sharpness) << person;
        EXPECT_GT(a.score.overall, c.score.overall + 20) << person;
    }
}

TEST(IrisQuality, OpenScoresAboveOccluded)
{
    for (std::uint64_t person = 1; person <= 4; ++person) {
        const auto open = assess(person * 13, sim::EyeSide::right, 1, {.eyelid_occlusion = 0.05});
        const auto occluded =
            assess(person * 13, sim::EyeSide::right, 1, {.eyelid_occlusion = 0.4});
        const auto& a = report(open);
        const auto& b = report(occluded);
        EXPECT_GT(a.measures.usable_iris_area, b.measures.usable_iris_area + 20.0) << person;
        EXPECT_GT(a.score.overall, b.score.overall) << person;
        EXPECT_LT(b.score.factors.usable_area, a.score.factors.usable_area);
    }
}

TEST(IrisQuality, PupilIrisRatioIsReportedAndPenalisedWhenExtreme)
{
    sim::ImpressionOptions options;
    options.impression = 1;
    options.pupil_ratio = 0.68;
    const auto wide = assess_eye(sim::render_eye(8, sim::EyeSide::left, options).image);
    const auto& r = report(wide);
    EXPECT_NEAR(r.measures.pupil_iris_ratio, 0.68, 0.02);
    EXPECT_LT(r.score.factors.pupil_dilation, 1.0);
}

TEST(IrisQuality, MissingEyeIsNoEyeFoundNotALowScore)
{
    const auto closed = assess(3, sim::EyeSide::left, 1, {.presence = sim::EyePresence::closed});
    const auto absent = assess(3, sim::EyeSide::left, 1, {.presence = sim::EyePresence::absent});
    ASSERT_TRUE(std::holds_alternative<NoEyeFound>(closed));
    ASSERT_TRUE(std::holds_alternative<NoEyeFound>(absent));
    EXPECT_EQ(std::get<NoEyeFound>(absent).reason, NoEyeReason::no_pupil);
    EXPECT_FALSE(std::get<NoEyeFound>(closed).detail.empty());
}

TEST(IrisQuality, ScoreIsTheProductOfTheDocumentedFactors)
{
    IrisQualityMeasures m;
    m.sharpness = 80.0;
    m.usable_iris_area = 60.0; // factor 0.5
    m.pupil_iris_ratio = 0.4;
    m.pupil_boundary_circularity = 95.0;
    m.iris_sclera_contrast = 20.0;
    m.iris_pupil_contrast = 60.0;
    m.grey_scale_utilisation_bits = 6.0;
    m.iris_radius_px = 110.0;
    m.iris_pupil_concentricity = 97.0;
    m.margin_adequacy = 100.0;
    const auto s = score_quality(m);
    EXPECT_DOUBLE_EQ(s.factors.usable_area, 0.5);
    EXPECT_EQ(s.overall, 40);
    m.margin_adequacy = 0.0; // iris touching the frame edge
    EXPECT_EQ(score_quality(m).overall, 0);
}

} // namespace
} // namespace ktpel::biometrics::iris
