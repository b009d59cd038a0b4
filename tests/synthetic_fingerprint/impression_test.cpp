// SPDX-License-Identifier: Apache-2.0
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "image_measures.hpp"
#include "sim/synthetic_fingerprint/impression.hpp"

namespace ktpel::sim::fingerprint {
namespace {

using testing::region_stats;
using testing::test_cache;

// The central part of an impression's contact area, away from its soft rim.
BoundingBox core_of(const Impression& impression)
{
    const BoundingBox& box = impression.contact_box;
    return {box.x + box.width / 4, box.y + box.height / 4, box.width / 2, box.height / 2};
}

double angle_difference(double a, double b)
{
    const double d = std::fmod(std::abs(a - b), 2.0 * std::numbers::pi);
    return std::min(d, 2.0 * std::numbers::pi - d);
}

TEST(Impression, SameInputsGiveTheSameImpression)
{
    const auto master = test_cache().get(5, FingerPosition::RightThumb);
    for (SkinCondition condition : {SkinCondition::Normal, SkinCondition::Smudged}) {
        const Impression first = render_impression(*master, 3, condition);
        const Impression second = render_impression(*master, 3, condition);
        EXPECT_EQ(first.image.pixels, second.image.pixels);
        ASSERT_EQ(first.minutiae.size(), second.minutiae.size());
        for (std::size_t i = 0; i < first.minutiae.size(); ++i) {
            EXPECT_EQ(first.minutiae[i].x, second.minutiae[i].x);
            EXPECT_EQ(first.minutiae[i].direction, second.minutiae[i].direction);
        }
    }
}

TEST(Impression, IsAFiveHundredPpiGreyImageWithDarkRidges)
{
    const Impression impression = render_impression(test_cache(), 5, FingerPosition::LeftIndex, 0);
    EXPECT_EQ(impression.image.width, 400U);
    EXPECT_EQ(impression.image.height, 500U);
    EXPECT_EQ(impression.image.ppi, 500U);
    ASSERT_EQ(impression.image.pixels.size(), 400U * 500U);
    // Corners are background: light.
    EXPECT_GT(impression.image.pixels.front(), 190);
    EXPECT_GT(impression.image.pixels.back(), 190);
    const auto stats = region_stats(impression.image, core_of(impression));
    EXPECT_GT(stats.deviation, 40.0);
    EXPECT_GT(stats.dark_share, 0.25);
    EXPECT_LT(stats.dark_share, 0.75);
}

TEST(Impression, DifferentImpressionsDifferButOverlap)
{
    const auto master = test_cache().get(5, FingerPosition::RightMiddle);
    const Impression first = render_impression(*master, 0);
    const Impression second = render_impression(*master, 1);
    EXPECT_NE(first.image.pixels, second.image.pixels);
    EXPECT_FALSE(first.placement.centre.x == second.placement.centre.x &&
                 first.placement.centre.y == second.placement.centre.y &&
                 first.placement.rotation == second.placement.rotation);
    // Most of the finger is seen both times: many ground-truth minutiae
    // are visible in both impressions.
    std::size_t common = 0;
    for (const Minutia& minutia : master->minutiae) {
        const Point2 at{minutia.x, minutia.y};
        if (contact_strength(*master, first.placement, at) >= 0.9 &&
            contact_strength(*master, second.placement, at) >= 0.9) {
            ++common;
        }
    }
    EXPECT_GE(common, 12U);
    EXPECT_GE(first.minutiae.size(), 12U);
    EXPECT_GE(second.minutiae.size(), 12U);
}

TEST(Impression, MinutiaeFollowThePlacement)
{
    const auto master = test_cache().get(6, FingerPosition::LeftMiddle);
    ImpressionOptions options;
    options.spread.skin_distortion = false;
    const FingerPlacement base = impression_placement(*master, 0, SkinCondition::Normal, options);
    FingerPlacement shifted = base;
    shifted.centre.x += 17.0;
    shifted.centre.y -= 9.0;
    FingerPlacement turned = base;
    turned.rotation += 0.2;

    const Impression a = render_impression_at(*master, base, 0, SkinCondition::Normal, options);
    const Impression b = render_impression_at(*master, shifted, 0, SkinCondition::Normal, options);
    const Impression c = render_impression_at(*master, turned, 0, SkinCondition::Normal, options);
    ASSERT_GE(a.minutiae.size(), 10U);

    // Translation: every minutia of b is one of a's moved by (17, -9).
    std::size_t matched = 0;
    for (const Minutia& m : b.minutiae) {
        for (const Minutia& n : a.minutiae) {
            if (std::abs(m.x - (n.x + 17.0)) < 1e-6 && std::abs(m.y - (n.y - 9.0)) < 1e-6) {
                EXPECT_LT(angle_difference(m.direction, n.direction), 1e-6);
                ++matched;
            }
        }
    }
    EXPECT_EQ(matched, b.minutiae.size());
    EXPECT_GE(matched, a.minutiae.size() * 3 / 4);

    // Rotation about the placement centre: positions turn by 0.2 rad
    // counter-clockwise on screen and so do the directions.
    const double cs = std::cos(0.2);
    const double sn = std::sin(0.2);
    matched = 0;
    for (const Minutia& m : c.minutiae) {
        for (const Minutia& n : a.minutiae) {
            const double dx = n.x - base.centre.x;
            const double dy = n.y - base.centre.y;
            const double rx = base.centre.x + cs * dx + sn * dy;
            const double ry = base.centre.y - sn * dx + cs * dy;
            if (std::hypot(m.x - rx, m.y - ry) < 1e-6) {
                EXPECT_NEAR(angle_difference(m.direction, n.direction), 0.2, 1e-3);
                ++matched;
            }
        }
    }
    EXPECT_EQ(matched, c.minutiae.size());

    // And the image moves with them: the shifted image matches the base
    // image moved by (17, -9) far better than unmoved.
    auto difference = [&](int dx, int dy) {
        double sum = 0.0;
        const BoundingBox box = core_of(a);
        for (int y = box.y; y < box.y + box.height; ++y) {
            for (int x = box.x; x < box.x + box.width; ++x) {
                sum += std::abs(
                    static_cast<int>(a.image.pixels[static_cast<std::size_t>(y) * 400 + x]) -
                    static_cast<int>(
                        b.image.pixels[static_cast<std::size_t>(y + dy) * 400 + x + dx]));
            }
        }
        return sum / (box.width * box.height);
    };
    EXPECT_LT(difference(17, -9) * 3.0, difference(0, 0));
}

TEST(Impression, VisibleMinutiaeLieInTheContactArea)
{
    for (std::uint64_t index = 0; index < 4; ++index) {
        const Impression impression = render_impression(test_cache(), 8, FingerPosition::RightRing,
                                                        index, SkinCondition::Partial);
        const BoundingBox& box = impression.contact_box;
        for (const Minutia& m : impression.minutiae) {
            EXPECT_GE(m.x, box.x);
            EXPECT_GE(m.y, box.y);
            EXPECT_LT(m.x, box.x + box.width);
            EXPECT_LT(m.y, box.y + box.height);
            // On the finger, not on the background.
            const BoundingBox around{static_cast<int>(m.x) - 6, static_cast<int>(m.y) - 6, 13, 13};
            EXPECT_LT(region_stats(impression.image, around).mean, 200.0);
        }
    }
}

TEST(Impression, SkinConditionsChangeImageStatistics)
{
    const auto master = test_cache().get(9, FingerPosition::RightIndex);
    const Impression normal = render_impression(*master, 2, SkinCondition::Normal);
    const Impression dry = render_impression(*master, 2, SkinCondition::Dry);
    const Impression wet = render_impression(*master, 2, SkinCondition::Wet);
    const Impression smudged = render_impression(*master, 2, SkinCondition::Smudged);
    const Impression partial = render_impression(*master, 2, SkinCondition::Partial);
    const BoundingBox core = core_of(normal); // same placement for all but partial
    const auto n = region_stats(normal.image, core);
    const auto d = region_stats(dry.image, core);
    const auto w = region_stats(wet.image, core);
    const auto s = region_stats(smudged.image, core);

    // Dry: faint, broken ridges: fewer dark pixels, lower contrast.
    EXPECT_LT(d.dark_share, 0.5 * n.dark_share);
    EXPECT_LT(d.deviation, 0.8 * n.deviation);
    EXPECT_GT(d.mean, n.mean + 20.0);
    // Wet: merged dark ridges: many more dark pixels, darker overall.
    EXPECT_GT(w.dark_share, 1.3 * n.dark_share);
    EXPECT_LT(w.mean, n.mean - 20.0);
    // Smudged: smeared: lower contrast and much less fine detail.
    EXPECT_LT(s.deviation, 0.75 * n.deviation);
    EXPECT_LT(testing::sharpness(smudged.image, core),
              0.6 * testing::sharpness(normal.image, core));
    // Partial: a clearly smaller contact area, seen in the image itself.
    EXPECT_LT(partial.contact_area_px, 0.7 * normal.contact_area_px);
    EXPECT_LT(testing::marked_share(partial.image), 0.7 * testing::marked_share(normal.image));
    EXPECT_LT(partial.minutiae.size(), normal.minutiae.size());

    testing::save_sample(normal.image, "impression_normal.pgm");
    testing::save_sample(dry.image, "impression_dry.pgm");
    testing::save_sample(wet.image, "impression_wet.pgm");
    testing::save_sample(smudged.image, "impression_smudged.pgm");
    testing::save_sample(partial.image, "impression_partial.pgm");
}

TEST(Impression, RejectsInvalidArguments)
{
    const auto master = test_cache().get(9, FingerPosition::RightIndex);
    ImpressionOptions empty;
    empty.width = 0;
    EXPECT_THROW((void)render_impression(*master, 0, SkinCondition::Normal, empty),
                 std::invalid_argument);
    EXPECT_THROW((void)skin_condition_from_name("sweaty"), std::invalid_argument);
    EXPECT_EQ(skin_condition_from_name("wet"), SkinCondition::Wet);
}

} // namespace
} // namespace ktpel::sim::fingerprint
