// SPDX-License-Identifier: Apache-2.0
#include <cmath>
#include <iostream>
#include <numbers>

#include <gtest/gtest.h>

#include "analytic_fingerprint_images.hpp"
#include "biometrics/fingerprint/fingerprint_error.hpp"
#include "biometrics/fingerprint/minutiae_extractor.hpp"

namespace ktpel::tests::fingerprint {
namespace {

using namespace biometrics::fingerprint;

double angle_difference(double a, double b)
{
    double difference = std::fmod(std::abs(a - b), 2.0 * std::numbers::pi);
    return std::min(difference, 2.0 * std::numbers::pi - difference);
}

// A 400x500 finger-sized patch: straight or curved ridges, with minutiae
// spread well inside the window.
FingerPatch finger_patch(double curvature, std::vector<RequestedMinutia> minutiae)
{
    FingerPatch patch;
    patch.centre_x = 200;
    patch.centre_y = 250;
    patch.semi_axis_x = 185;
    patch.semi_axis_y = 235;
    patch.ridge_direction = std::numbers::pi / 2.0 + 0.3;
    patch.curvature_radius = curvature;
    patch.minutiae = std::move(minutiae);
    return patch;
}

std::vector<RequestedMinutia> six_minutiae()
{
    return {
        {140, 130, MinutiaType::ridge_ending, 1},
        {270, 150, MinutiaType::ridge_bifurcation, 1},
        {120, 260, MinutiaType::ridge_bifurcation, -1},
        {260, 280, MinutiaType::ridge_ending, -1},
        {150, 380, MinutiaType::ridge_ending, -1},
        {260, 390, MinutiaType::ridge_bifurcation, 1},
    };
}

struct MatchReport
{
    int matched = 0;
    int spurious = 0;
};

MatchReport match(const std::vector<Minutia>& truth, const std::vector<Minutia>& found)
{
    MatchReport report;
    std::vector<bool> used(found.size(), false);
    for (const Minutia& expected : truth) {
        for (std::size_t i = 0; i < found.size(); ++i) {
            const Minutia& candidate = found[i];
            if (used[i] || std::hypot(candidate.x - expected.x, candidate.y - expected.y) > 10.0) {
                continue;
            }
            EXPECT_EQ(candidate.type, expected.type) << "at " << expected.x << "," << expected.y;
            EXPECT_LT(angle_difference(candidate.angle_radians, expected.angle_radians), 0.6)
                << "at " << expected.x << "," << expected.y << ": found " << candidate.angle_radians
                << " expected " << expected.angle_radians;
            used[i] = true;
            ++report.matched;
            break;
        }
    }
    for (std::size_t i = 0; i < found.size(); ++i) {
        if (!used[i]) {
            ++report.spurious;
            std::cout << "unmatched minutia at " << found[i].x << "," << found[i].y << " type "
                      << static_cast<int>(found[i].type) << " quality " << found[i].quality << "\n";
        }
    }
    return report;
}

TEST(MinutiaeExtraction, RecoversPhaseSingularitiesOnStraightRidges)
{
    AnalyticImage finger = render_patches(400, 500, {finger_patch(0.0, six_minutiae())});
    add_noise(finger.image, 3.0, 1);
    const MinutiaeExtraction extraction = extract_minutiae(finger.image);
    const MatchReport report = match(finger.truth, extraction.minutiae);
    EXPECT_EQ(report.matched, 6);
    EXPECT_LE(report.spurious, 1);
    for (const Minutia& minutia : extraction.minutiae) {
        EXPECT_GE(minutia.quality, 1);
        EXPECT_LE(minutia.quality, 100);
    }
}

TEST(MinutiaeExtraction, RecoversPhaseSingularitiesOnCurvedRidges)
{
    AnalyticImage finger = render_patches(400, 500, {finger_patch(320.0, six_minutiae())});
    add_noise(finger.image, 3.0, 2);
    const MinutiaeExtraction extraction = extract_minutiae(finger.image);
    const MatchReport report = match(finger.truth, extraction.minutiae);
    EXPECT_EQ(report.matched, 6);
    EXPECT_LE(report.spurious, 1);
}

TEST(MinutiaeExtraction, SurvivesModerateNoise)
{
    AnalyticImage finger = render_patches(400, 500, {finger_patch(320.0, six_minutiae())});
    add_noise(finger.image, 20.0, 3);
    const MinutiaeExtraction extraction = extract_minutiae(finger.image);
    const MatchReport report = match(finger.truth, extraction.minutiae);
    EXPECT_GE(report.matched, 5);
    EXPECT_LE(report.spurious, 3);
}

TEST(MinutiaeExtraction, PlainGratingInteriorHasNoMinutiae)
{
    FingerPatch plain;
    plain.centre_x = 200;
    plain.centre_y = 250;
    plain.ridge_direction = 0.7;
    AnalyticImage grating = render_patches(400, 500, {plain});
    add_noise(grating.image, 3.0, 4);
    const MinutiaeExtraction extraction = extract_minutiae(grating.image);
    EXPECT_GT(extraction.mask.foreground_blocks(), 600); // whole image is print
    EXPECT_TRUE(extraction.minutiae.empty())
        << extraction.minutiae.size() << " minutiae, first at "
        << (extraction.minutiae.empty() ? 0 : extraction.minutiae[0].x) << ","
        << (extraction.minutiae.empty() ? 0 : extraction.minutiae[0].y);
    EXPECT_NEAR(extraction.median_ridge_period, 9.0, 0.8);
}

TEST(MinutiaeExtraction, BlankPlatenHasNoMinutiae)
{
    drivers::RasterImage blank{400, 500, 500, std::vector<std::uint8_t>(400 * 500, 230)};
    add_noise(blank, 2.0, 5);
    const MinutiaeExtraction extraction = extract_minutiae(blank);
    EXPECT_EQ(extraction.mask.foreground_blocks(), 0);
    EXPECT_TRUE(extraction.minutiae.empty());
}

TEST(MinutiaeExtraction, RejectsMalformedImages)
{
    drivers::RasterImage short_buffer{400, 500, 500, std::vector<std::uint8_t>(400 * 499, 230)};
    EXPECT_THROW(extract_minutiae(short_buffer), InvalidFingerprintImage);
    drivers::RasterImage tiny{16, 16, 500, std::vector<std::uint8_t>(16 * 16, 230)};
    EXPECT_THROW(extract_minutiae(tiny), InvalidFingerprintImage);
    drivers::RasterImage camera{400, 500, 96, std::vector<std::uint8_t>(400 * 500, 230)};
    EXPECT_THROW(extract_minutiae(camera), InvalidFingerprintImage);
}

} // namespace
} // namespace ktpel::tests::fingerprint
