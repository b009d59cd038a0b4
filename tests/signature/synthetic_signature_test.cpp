// SPDX-License-Identifier: Apache-2.0
// The synthetic signatures: one stable style per person, a different
// rendition each time they sign, always on the writing area.
#include <cmath>

#include <gtest/gtest.h>

#include "sim/synthetic_signature/signature_rendition.hpp"
#include "sim/synthetic_signature/stroke_path.hpp"

namespace ktpel::sim::signature {
namespace {

Rendition sign(std::uint64_t person, std::uint64_t impression, double slowness = 1.0)
{
    RenditionOptions options;
    options.impression = impression;
    options.slowness = slowness;
    return perform(style_of_person(person), options);
}

bool same(const Rendition& a, const Rendition& b)
{
    if (a.samples.size() != b.samples.size())
        return false;
    for (std::size_t i = 0; i < a.samples.size(); ++i) {
        const auto& x = a.samples[i];
        const auto& y = b.samples[i];
        if (x.time_ms != y.time_ms || x.x_mm != y.x_mm || x.y_mm != y.y_mm ||
            x.pressure != y.pressure || x.touching != y.touching)
            return false;
    }
    return true;
}

// Mean distance between the two renditions' pen positions at the same
// fraction of their ink, mm: small for two renditions of one style.
double trajectory_distance(const Rendition& a, const Rendition& b)
{
    const auto ink = [](const Rendition& r) {
        std::vector<PenSample> down;
        for (const auto& s : r.samples) {
            if (s.touching)
                down.push_back(s);
        }
        return down;
    };
    const auto da = ink(a);
    const auto db = ink(b);
    const auto centre = [](const std::vector<PenSample>& s) {
        double x = 0, y = 0;
        for (const auto& p : s) {
            x += p.x_mm;
            y += p.y_mm;
        }
        return std::pair{x / s.size(), y / s.size()};
    };
    const auto [ax, ay] = centre(da);
    const auto [bx, by] = centre(db);
    double total = 0;
    constexpr int kPoints = 200;
    for (int i = 0; i < kPoints; ++i) {
        const auto& p = da[i * (da.size() - 1) / (kPoints - 1)];
        const auto& q = db[i * (db.size() - 1) / (kPoints - 1)];
        total += std::hypot((p.x_mm - ax) - (q.x_mm - bx), (p.y_mm - ay) - (q.y_mm - by));
    }
    return total / kPoints;
}

TEST(SyntheticSignature, AStyleIsStablePerPersonAndDiffersBetweenPeople)
{
    const auto first = style_of_person(7);
    const auto again = style_of_person(7);
    ASSERT_EQ(first.strokes.size(), again.strokes.size());
    EXPECT_EQ(first.slant_deg, again.slant_deg);
    EXPECT_EQ(duration_of(first.strokes[0]), duration_of(again.strokes[0]));
    EXPECT_TRUE(same(sign(7, 3), sign(7, 3)));
    EXPECT_NE(style_of_person(8).slant_deg, first.slant_deg);
}

TEST(SyntheticSignature, EachImpressionIsADifferentRenditionOfTheSameSignature)
{
    const auto one = sign(11, 1);
    const auto two = sign(11, 2);
    EXPECT_FALSE(same(one, two));
    EXPECT_EQ(one.stroke_count, two.stroke_count);
    // Two renditions by one person are closer than by two people.
    const double within = trajectory_distance(one, two);
    double between = 0;
    for (std::uint64_t other = 12; other < 17; ++other)
        between = std::max(between, trajectory_distance(one, sign(other, 1)));
    EXPECT_LT(within, 3.0);
    EXPECT_GT(between, within);
}

TEST(SyntheticSignature, RenditionsLookLikeSignaturesOnTheArea)
{
    for (std::uint64_t person = 1; person <= 25; ++person) {
        const auto r = sign(person, 1);
        ASSERT_FALSE(r.samples.empty());
        EXPECT_FALSE(r.samples.front().touching) << "the pen approaches first";
        EXPECT_FALSE(r.samples.back().touching) << "and leaves last";
        EXPECT_GE(r.stroke_count, 1u);
        EXPECT_LE(r.stroke_count, 5u);
        EXPECT_GT(r.duration_ms, 1000) << person;
        EXPECT_LT(r.duration_ms, 8000) << person;
        double left = 1e9, right = -1e9;
        for (std::size_t i = 0; i < r.samples.size(); ++i) {
            const auto& s = r.samples[i];
            ASSERT_GE(s.x_mm, 0);
            ASSERT_LT(s.x_mm, 96);
            ASSERT_GE(s.y_mm, 0);
            ASSERT_LT(s.y_mm, 60);
            ASSERT_EQ(s.touching, s.pressure > 0);
            ASSERT_LE(s.pressure, 1.0);
            if (i > 0) {
                ASSERT_DOUBLE_EQ(s.time_ms - r.samples[i - 1].time_ms, 5.0); // 200 Hz
            }
            if (s.touching) {
                left = std::min(left, s.x_mm);
                right = std::max(right, s.x_mm);
            }
        }
        EXPECT_GT(right - left, 20) << "person " << person << " signs too narrow";
    }
}

TEST(SyntheticSignature, PressureRampsUpAtTouchDown)
{
    const auto r = sign(3, 1);
    std::size_t first = 0;
    while (!r.samples[first].touching)
        ++first;
    double peak = 0;
    for (std::size_t i = first; i < first + 40 && r.samples[i].touching; ++i)
        peak = std::max(peak, r.samples[i].pressure);
    EXPECT_LT(r.samples[first].pressure, 0.5 * peak);
}

TEST(SyntheticSignature, SlownessStretchesTheWriting)
{
    EXPECT_GT(sign(5, 1, 2.0).duration_ms, 1.6 * sign(5, 1).duration_ms);
}

TEST(SyntheticSignature, TruncateLiftsThePenWhereItWas)
{
    const auto r = sign(4, 1);
    const double cut_at = time_after_first_touch(r, 250);
    const auto cut = truncate(r, cut_at);
    EXPECT_EQ(cut.stroke_count, 1u);
    ASSERT_GE(cut.samples.size(), 2u);
    const auto& last = cut.samples.back();
    const auto& before = cut.samples[cut.samples.size() - 2];
    EXPECT_FALSE(last.touching);
    EXPECT_TRUE(before.touching);
    EXPECT_EQ(last.x_mm, before.x_mm);
    EXPECT_DOUBLE_EQ(last.time_ms, before.time_ms + 5);
    EXPECT_LE(before.time_ms, cut_at);
}

} // namespace
} // namespace ktpel::sim::signature
