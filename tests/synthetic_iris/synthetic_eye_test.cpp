// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include "common/pgm_codec.hpp"
#include "sim/synthetic_iris/eye_renderer.hpp"
#include "sim/synthetic_iris/iris_identity.hpp"
#include "unwrapped_texture.hpp"

namespace ktpel::sim::iris {
namespace {

using testing::best_correlation;
using testing::unwrap_iris;

SyntheticEye eye(std::uint64_t person, EyeSide side, std::uint64_t impression,
                 EyeImpairments impairments = {})
{
    ImpressionOptions options;
    options.impression = impression;
    options.impairments = impairments;
    return render_eye(person, side, options);
}

double pixel(const SyntheticEye& e, double x, double y)
{
    return e.image.pixels[static_cast<std::size_t>(std::lround(y)) * e.image.width +
                          static_cast<std::size_t>(std::lround(x))];
}

// Mean squared 4-neighbour Laplacian of 2x2 block means over the iris
// bounding box: the high-frequency energy that defocus removes. The block
// means keep per-pixel sensor noise (added after the blur) from dominating.
double laplacian_energy(const SyntheticEye& e)
{
    const auto& c = e.truth.iris;
    auto block = [&](int bx, int by) {
        return 0.25 * (pixel(e, 2 * bx, 2 * by) + pixel(e, 2 * bx + 1, 2 * by) +
                       pixel(e, 2 * bx, 2 * by + 1) + pixel(e, 2 * bx + 1, 2 * by + 1));
    };
    double sum = 0.0;
    long n = 0;
    for (int y = static_cast<int>(c.y - c.radius) / 2; y < static_cast<int>(c.y + c.radius) / 2;
         ++y)
        for (int x = static_cast<int>(c.x - c.radius) / 2; x < static_cast<int>(c.x + c.radius) / 2;
             ++x) {
            const double l = 4.0 * block(x, y) - block(x - 1, y) - block(x + 1, y) -
                             block(x, y - 1) - block(x, y + 1);
            sum += l * l;
            ++n;
        }
    return sum / static_cast<double>(n);
}

// Median grey over the lower half of the circle of radius r around the iris
// centre (in the eye plane): robust to a crypt or a lash at any one pixel.
double median_on_lower_arc(const SyntheticEye& e, double r)
{
    std::vector<double> values;
    for (int k = 0; k < 31; ++k) {
        const double a = std::numbers::pi * (k + 0.5) / 31.0;
        values.push_back(pixel(e, e.truth.iris.x + r * e.truth.horizontal_scale * std::cos(a),
                               e.truth.iris.y + r * std::sin(a)));
    }
    std::nth_element(values.begin(), values.begin() + 15, values.end());
    return values[15];
}

long dark_pixels(const SyntheticEye& e, int below)
{
    long n = 0;
    for (auto v : e.image.pixels)
        n += v < below;
    return n;
}

TEST(SyntheticEye, SameArgumentsGiveTheSameImageAndTruth)
{
    const auto a = eye(1234, EyeSide::left, 3);
    const auto b = eye(1234, EyeSide::left, 3);
    EXPECT_EQ(a.image.pixels, b.image.pixels);
    EXPECT_EQ(a.truth.pupil.x, b.truth.pupil.x);
    EXPECT_EQ(a.truth.occluded_fraction, b.truth.occluded_fraction);
    ASSERT_EQ(a.image.width, 640u);
    ASSERT_EQ(a.image.height, 480u);
    ASSERT_EQ(a.image.pixels.size(), 640u * 480u);
}

TEST(SyntheticEye, ImpressionsOfOneEyeDifferInPlacementAndPixels)
{
    const auto a = eye(1234, EyeSide::left, 1);
    const auto b = eye(1234, EyeSide::left, 2);
    EXPECT_NE(a.image.pixels, b.image.pixels);
    EXPECT_NE(a.truth.iris.x, b.truth.iris.x);
    // The eye itself does not change size between captures.
    EXPECT_DOUBLE_EQ(a.truth.iris.radius, b.truth.iris.radius);
}

TEST(SyntheticEye, GeometryIsPlausibleForTheScanner)
{
    for (std::uint64_t person = 1; person <= 20; ++person) {
        for (auto side : {EyeSide::left, EyeSide::right}) {
            const auto e = eye(person * 101, side, person);
            const auto& t = e.truth;
            EXPECT_GE(t.iris.radius, 100.0);
            EXPECT_LE(t.iris.radius, 130.0);
            EXPECT_GT(t.pupil_iris_ratio, 0.15);
            EXPECT_LT(t.pupil_iris_ratio, 0.6);
            const double offset = std::hypot(t.pupil.x - t.iris.x, t.pupil.y - t.iris.y);
            EXPECT_LT(offset + t.pupil.radius, t.iris.radius);
            EXPECT_LT(t.occluded_fraction, 0.2);
            // Near-infrared look: dark pupil, mid-grey iris, bright sclera.
            EXPECT_LT(pixel(e, t.pupil.x, t.pupil.y + 0.5 * t.pupil.radius), 45.0);
            const double iris_mid = median_on_lower_arc(e, 0.5 * (t.pupil.radius + t.iris.radius));
            EXPECT_GT(iris_mid, 45.0);
            EXPECT_LT(iris_mid, 170.0);
            ASSERT_EQ(t.specular_spots.size(), 2u);
            for (const auto& spot : t.specular_spots) {
                EXPECT_LT(std::hypot(spot.x - t.pupil.x, spot.y - t.pupil.y) + spot.radius,
                          t.pupil.radius);
                EXPECT_GE(pixel(e, spot.x, spot.y), 240.0);
            }
        }
    }
}

TEST(SyntheticEye, SamePersonCorrelatesAcrossImpressionsDifferentPersonsDoNot)
{
    double worst_genuine = 1.0;
    double worst_impostor = -1.0;
    for (std::uint64_t person = 1; person <= 6; ++person) {
        const auto first = unwrap_iris(eye(person * 7919, EyeSide::right, 1));
        const auto second = unwrap_iris(eye(person * 7919, EyeSide::right, 2));
        const auto other = unwrap_iris(eye(person * 7919 + 1, EyeSide::right, 1));
        const auto other_eye = unwrap_iris(eye(person * 7919, EyeSide::left, 1));
        // +-8 samples of 240 over 240 degrees covers the +-5 degree torsion.
        worst_genuine = std::min(worst_genuine, best_correlation(first, second, 8));
        worst_impostor = std::max(worst_impostor, best_correlation(first, other, 8));
        worst_impostor = std::max(worst_impostor, best_correlation(first, other_eye, 8));
    }
    RecordProperty("worst_genuine_correlation", std::to_string(worst_genuine));
    RecordProperty("worst_impostor_correlation", std::to_string(worst_impostor));
    EXPECT_GT(worst_genuine, 0.6);
    EXPECT_LT(worst_impostor, 0.3);
}

TEST(SyntheticEye, IdentityDependsOnPersonAndEye)
{
    const auto a = make_iris_identity(5, EyeSide::left);
    const auto b = make_iris_identity(5, EyeSide::right);
    const auto c = make_iris_identity(6, EyeSide::left);
    EXPECT_NE(a.furrow_seed, b.furrow_seed);
    EXPECT_NE(a.furrow_seed, c.furrow_seed);
    EXPECT_EQ(a.furrow_seed, make_iris_identity(5, EyeSide::left).furrow_seed);
}

TEST(SyntheticEye, DefocusRemovesHighFrequenciesAndKeepsGeometry)
{
    const auto sharp = eye(77, EyeSide::left, 4);
    const auto soft = eye(77, EyeSide::left, 4, {.defocus_sigma_px = 1.5});
    const auto softer = eye(77, EyeSide::left, 4, {.defocus_sigma_px = 3.0});
    EXPECT_GT(laplacian_energy(sharp), 1.5 * laplacian_energy(soft));
    EXPECT_GT(laplacian_energy(soft), 1.3 * laplacian_energy(softer));
    EXPECT_DOUBLE_EQ(softer.truth.defocus_sigma_px, 3.0);
    EXPECT_DOUBLE_EQ(sharp.truth.iris.x, softer.truth.iris.x);
    EXPECT_DOUBLE_EQ(sharp.truth.pupil.radius, softer.truth.pupil.radius);
}

TEST(SyntheticEye, RequestedOcclusionIsWhatTheTruthReports)
{
    for (double requested : {0.1, 0.3, 0.5, 0.7}) {
        const auto e = eye(31, EyeSide::right, 2, {.eyelid_occlusion = requested});
        EXPECT_NEAR(e.truth.occluded_fraction, requested, 0.01) << requested;
        EXPECT_NEAR(e.truth.upper_lid_fraction, 0.75 * requested, 0.01);
    }
    // And more occlusion hides more of the bright-ish iris under lid skin:
    // the iris pixels left in the image drop.
    const auto open = eye(31, EyeSide::right, 2, {.eyelid_occlusion = 0.0});
    const auto shut = eye(31, EyeSide::right, 2, {.eyelid_occlusion = 0.6});
    EXPECT_LT(open.truth.occluded_fraction, 0.01);
    EXPECT_GT(pixel(shut, shut.truth.iris.x, shut.truth.iris.y - 0.9 * shut.truth.iris.radius),
              pixel(open, open.truth.iris.x, open.truth.iris.y - 0.9 * open.truth.iris.radius));
}

TEST(SyntheticEye, ClosedAndAbsentEyesHaveNoPupil)
{
    const auto open = eye(9, EyeSide::left, 1);
    const auto closed = eye(9, EyeSide::left, 1, {.presence = EyePresence::closed});
    const auto absent = eye(9, EyeSide::left, 1, {.presence = EyePresence::absent});
    const double pupil_area = std::numbers::pi * open.truth.pupil.radius * open.truth.pupil.radius;
    EXPECT_GT(dark_pixels(open, 40), 0.7 * pupil_area);
    // Lashes are dark too, but thin: far less than a pupil's worth.
    EXPECT_LT(dark_pixels(closed, 40), 0.3 * pupil_area);
    EXPECT_LT(dark_pixels(absent, 40), 10);
    EXPECT_EQ(closed.truth.presence, EyePresence::closed);
    EXPECT_EQ(closed.truth.occluded_fraction, 0.0);
}

TEST(SyntheticEye, OffAngleNarrowsTheIrisHorizontally)
{
    const auto e = eye(12, EyeSide::right, 1, {.off_angle_deg = 30.0});
    EXPECT_NEAR(e.truth.horizontal_scale, std::cos(30.0 * std::numbers::pi / 180.0), 1e-12);
    // Just inside the vertical limbus it is iris; at the same distance
    // horizontally it is already sclera.
    const auto& c = e.truth.iris;
    const double r = 0.95 * c.radius;
    const double below = pixel(e, c.x, c.y + r);
    const double beside = pixel(e, c.x - r, c.y);
    EXPECT_GT(beside, below + 20.0);
}

TEST(SyntheticEye, BothEyesOfAPairDiffer)
{
    const auto pair = render_eye_pair(555, {});
    EXPECT_NE(pair.left.image.pixels, pair.right.image.pixels);
    EXPECT_NE(pair.left.truth.iris.radius, pair.right.truth.iris.radius);
}

TEST(SyntheticEye, WritesSamplePgmsForInspection)
{
    const std::filesystem::path dir = KTPEL_TEST_OUTPUT_DIR;
    write_pgm(eye(1, EyeSide::right, 1).image, dir / "eye_normal.pgm");
    write_pgm(eye(1, EyeSide::right, 1, {.defocus_sigma_px = 2.5}).image, dir / "eye_defocus.pgm");
    write_pgm(eye(1, EyeSide::right, 1, {.eyelid_occlusion = 0.45}).image,
              dir / "eye_occluded.pgm");
    write_pgm(eye(1, EyeSide::right, 1, {.off_angle_deg = 25.0}).image, dir / "eye_off_angle.pgm");
    write_pgm(eye(1, EyeSide::right, 1, {.presence = EyePresence::closed}).image,
              dir / "eye_closed.pgm");
    EXPECT_EQ(std::filesystem::file_size(dir / "eye_normal.pgm"), 640u * 480u + 15u);
    EXPECT_THROW(write_pgm(drivers::RasterImage{}, dir / "bad.pgm"), PgmCodecError);
}

} // namespace
} // namespace ktpel::sim::iris
