// SPDX-License-Identifier: Apache-2.0
#include <iostream>
#include <numbers>

#include <gtest/gtest.h>

#include "analytic_fingerprint_images.hpp"
#include "biometrics/fingerprint/finger_quality.hpp"

namespace ktpel::tests::fingerprint {
namespace {

using namespace biometrics::fingerprint;

// A clean 400x500 finger: curved ridges, a handful of minutiae, sensor
// noise of 2 grey levels.
drivers::RasterImage clean_finger()
{
    FingerPatch patch;
    patch.centre_x = 200;
    patch.centre_y = 250;
    patch.semi_axis_x = 180;
    patch.semi_axis_y = 230;
    patch.curvature_radius = 300;
    patch.minutiae = {{140, 140, MinutiaType::ridge_ending, 1},
                      {260, 160, MinutiaType::ridge_bifurcation, 1},
                      {130, 260, MinutiaType::ridge_bifurcation, -1},
                      {260, 270, MinutiaType::ridge_ending, -1},
                      {150, 370, MinutiaType::ridge_ending, -1},
                      {250, 380, MinutiaType::ridge_bifurcation, 1}};
    drivers::RasterImage image = render_patches(400, 500, {patch}).image;
    add_noise(image, 2.0, 11);
    return image;
}

drivers::RasterImage noisy_finger()
{
    drivers::RasterImage image = clean_finger();
    add_noise(image, 30.0, 12);
    return image;
}

drivers::RasterImage blurred_finger()
{
    drivers::RasterImage image = clean_finger();
    blur(image, 2.6);
    add_noise(image, 2.0, 13);
    return image;
}

drivers::RasterImage low_contrast_finger()
{
    drivers::RasterImage image = clean_finger();
    reduce_contrast(image, 0.08);
    add_noise(image, 2.0, 14);
    return image;
}

drivers::RasterImage mostly_blank_finger()
{
    drivers::RasterImage image = clean_finger();
    blank_below(image, 130);
    return image;
}

void print(const char* name, const FingerQuality& quality)
{
    const QualityFeatures& f = quality.features;
    std::cout << name << ": score " << quality.score << " ocl " << f.orientation_certainty
              << " lcs " << f.local_clarity << " fda " << f.frequency_domain << " rvu "
              << f.ridge_valley_uniformity << " ofl " << f.orientation_flow_degrees << " contrast "
              << f.ridge_contrast << " area " << f.foreground_area_mm2 << " minutiae "
              << f.minutiae_count << " blocks " << f.analysed_blocks << "\n";
}

TEST(FingerQuality, OrdersDegradations)
{
    const FingerQuality clean = assess_finger_quality(clean_finger());
    const FingerQuality noisy = assess_finger_quality(noisy_finger());
    const FingerQuality blurred = assess_finger_quality(blurred_finger());
    const FingerQuality low_contrast = assess_finger_quality(low_contrast_finger());
    const FingerQuality mostly_blank = assess_finger_quality(mostly_blank_finger());
    print("clean", clean);
    print("noisy", noisy);
    print("blurred", blurred);
    print("low contrast", low_contrast);
    print("mostly blank", mostly_blank);
    EXPECT_GT(clean.score, 70);
    EXPECT_GT(clean.score, noisy.score + 5);
    EXPECT_GT(noisy.score, blurred.score);
    EXPECT_GT(blurred.score, low_contrast.score);
    EXPECT_GT(low_contrast.score, mostly_blank.score);
    EXPECT_LT(mostly_blank.score, 30);
}

TEST(FingerQuality, NoiseLowersLocalFeatures)
{
    const QualityFeatures clean = assess_finger_quality(clean_finger()).features;
    const QualityFeatures noisy = assess_finger_quality(noisy_finger()).features;
    EXPECT_LT(noisy.orientation_certainty, clean.orientation_certainty);
    EXPECT_LT(noisy.local_clarity, clean.local_clarity);
    EXPECT_LT(noisy.frequency_domain, clean.frequency_domain);
    EXPECT_GT(noisy.orientation_flow_degrees, clean.orientation_flow_degrees);
}

TEST(FingerQuality, BlurLowersClarityAndContrast)
{
    const QualityFeatures clean = assess_finger_quality(clean_finger()).features;
    const QualityFeatures blurred = assess_finger_quality(blurred_finger()).features;
    EXPECT_LT(blurred.local_clarity, clean.local_clarity);
    EXPECT_LT(blurred.ridge_contrast, clean.ridge_contrast);
    EXPECT_GT(blurred.ridge_valley_uniformity, clean.ridge_valley_uniformity);
    EXPECT_LT(blurred.orientation_certainty, clean.orientation_certainty);
}

TEST(FingerQuality, LightPressureLowersContrast)
{
    const QualityFeatures clean = assess_finger_quality(clean_finger()).features;
    const QualityFeatures faint = assess_finger_quality(low_contrast_finger()).features;
    EXPECT_LT(faint.ridge_contrast, clean.ridge_contrast * 0.2);
}

TEST(FingerQuality, BlankingLowersAreaAndMinutiae)
{
    const QualityFeatures clean = assess_finger_quality(clean_finger()).features;
    const QualityFeatures partial = assess_finger_quality(mostly_blank_finger()).features;
    EXPECT_LT(partial.foreground_area_mm2, clean.foreground_area_mm2 * 0.4);
    EXPECT_LT(partial.minutiae_count, clean.minutiae_count);
    EXPECT_GE(clean.minutiae_count, 6);
}

TEST(FingerQuality, FlowFollowsCurvature)
{
    FingerPatch straight;
    straight.centre_x = 200;
    straight.centre_y = 250;
    straight.ridge_direction = 0.4;
    FingerPatch tight = straight;
    tight.curvature_radius = 120;
    const QualityFeatures flat =
        assess_finger_quality(render_patches(400, 500, {straight}).image).features;
    const QualityFeatures curved =
        assess_finger_quality(render_patches(400, 500, {tight}).image).features;
    EXPECT_GT(curved.orientation_flow_degrees, flat.orientation_flow_degrees + 2.0);
}

TEST(FingerQuality, BlankPlatenScoresZero)
{
    drivers::RasterImage blank{400, 500, 500, std::vector<std::uint8_t>(400 * 500, 230)};
    add_noise(blank, 2.0, 15);
    const FingerQuality quality = assess_finger_quality(blank);
    EXPECT_EQ(quality.score, 0);
    EXPECT_EQ(quality.features.analysed_blocks, 0);
}

TEST(FingerQuality, MappingIsMonotoneInEachFeature)
{
    QualityFeatures base;
    base.orientation_certainty = 0.8;
    base.local_clarity = 0.8;
    base.frequency_domain = 0.35;
    base.ridge_valley_uniformity = 0.3;
    base.orientation_flow_degrees = 20;
    base.ridge_contrast = 10;
    base.foreground_area_mm2 = 200;
    base.minutiae_count = 6;
    base.analysed_blocks = 100;
    const int reference = score_quality_features(base).score;
    auto better = base;
    better.orientation_certainty = 0.9;
    EXPECT_GT(score_quality_features(better).score, reference);
    better = base;
    better.local_clarity = 0.9;
    EXPECT_GT(score_quality_features(better).score, reference);
    better = base;
    better.frequency_domain = 0.42;
    EXPECT_GT(score_quality_features(better).score, reference);
    better = base;
    better.ridge_valley_uniformity = 0.15;
    EXPECT_GT(score_quality_features(better).score, reference);
    better = base;
    better.orientation_flow_degrees = 10;
    EXPECT_GT(score_quality_features(better).score, reference);
    better = base;
    better.ridge_contrast = 16;
    EXPECT_GT(score_quality_features(better).score, reference);
    better = base;
    better.minutiae_count = 10;
    EXPECT_GT(score_quality_features(better).score, reference);
    auto worse = base;
    worse.foreground_area_mm2 = 90;
    EXPECT_LT(score_quality_features(worse).score, reference);
}

} // namespace
} // namespace ktpel::tests::fingerprint
