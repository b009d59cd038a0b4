// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "image_measures.hpp"
#include "sim/synthetic_fingerprint/master_fingerprint.hpp"
#include "sim/synthetic_fingerprint/pattern_class.hpp"
#include "sim/synthetic_fingerprint/seeded_random.hpp"

namespace ktpel::sim::fingerprint {
namespace {

using testing::dominant_period;
using testing::test_cache;

// Normalised correlation of two masters' ridge fields over their common
// canvas, inside both outlines.
double ridge_correlation(const MasterFingerprint& a, const MasterFingerprint& b)
{
    double ab = 0.0;
    double aa = 0.0;
    double bb = 0.0;
    for (int y = 0; y < std::min(a.height, b.height); ++y) {
        for (int x = 0; x < std::min(a.width, b.width); ++x) {
            const std::size_t ia = static_cast<std::size_t>(y) * a.width + x;
            const std::size_t ib = static_cast<std::size_t>(y) * b.width + x;
            if (a.edge_distance[ia] <= 0.0F || b.edge_distance[ib] <= 0.0F) {
                continue;
            }
            ab += a.ridge_field[ia] * b.ridge_field[ib];
            aa += a.ridge_field[ia] * a.ridge_field[ia];
            bb += b.ridge_field[ib] * b.ridge_field[ib];
        }
    }
    return ab / std::sqrt(aa * bb);
}

// Median dominant period over 64 px blocks lying well inside the outline.
double median_period(const MasterFingerprint& master)
{
    const drivers::RasterImage image = master.render();
    std::vector<double> periods;
    for (int y = 0; y + 64 <= master.height; y += 48) {
        for (int x = 0; x + 64 <= master.width; x += 48) {
            bool inside = true;
            for (int corner = 0; corner < 4 && inside; ++corner) {
                const int cx = x + (corner % 2) * 63;
                const int cy = y + (corner / 2) * 63;
                inside =
                    master.edge_distance[static_cast<std::size_t>(cy) * master.width + cx] > 4.0F;
            }
            if (inside) {
                periods.push_back(dominant_period(image, x, y));
            }
        }
    }
    EXPECT_GE(periods.size(), 6U);
    std::nth_element(periods.begin(), periods.begin() + periods.size() / 2, periods.end());
    return periods[periods.size() / 2];
}

TEST(SeededRandom, StreamIsFixedAcrossPlatforms)
{
    // Golden values: if these change, every synthetic person changes.
    SeededRandom random(42);
    EXPECT_EQ(random.next_u64(), 1546998764402558742ULL);
    EXPECT_EQ(random.next_u64(), 6990951692964543102ULL);
    EXPECT_EQ(derive_seed({1, 2, 3}), 168778752366251030ULL);
}

TEST(MasterFingerprint, MatchesTheRecordedDigest)
{
    // A digest of one master recorded when the generator was written: a
    // different libm, compiler flags that fuse or reassociate arithmetic,
    // or an (intentional) algorithm change all show up here. After an
    // intentional change, record the new values.
    const auto master = test_cache().get(4242, FingerPosition::LeftRing);
    std::int64_t sum = 0;
    for (const Minutia& minutia : master->minutiae) {
        sum += std::llround(minutia.x) + 1000 * std::llround(minutia.y) +
               (minutia.type == MinutiaType::Bifurcation ? 7 : 0);
    }
    EXPECT_EQ(master->minutiae.size(), 52U);
    EXPECT_EQ(sum, 10774700);
    EXPECT_EQ(pattern_class_name(master->pattern), "whorl");
}

TEST(MasterFingerprint, SameInputsGiveTheSameMaster)
{
    const MasterFingerprint first = generate_master_fingerprint(4242, FingerPosition::LeftRing);
    const MasterFingerprint second = generate_master_fingerprint(4242, FingerPosition::LeftRing);
    EXPECT_EQ(first.pattern, second.pattern);
    EXPECT_EQ(first.width, second.width);
    EXPECT_EQ(first.height, second.height);
    EXPECT_EQ(first.ridge_field, second.ridge_field);
    ASSERT_EQ(first.minutiae.size(), second.minutiae.size());
    for (std::size_t i = 0; i < first.minutiae.size(); ++i) {
        EXPECT_EQ(first.minutiae[i].x, second.minutiae[i].x);
        EXPECT_EQ(first.minutiae[i].y, second.minutiae[i].y);
        EXPECT_EQ(first.minutiae[i].direction, second.minutiae[i].direction);
        EXPECT_EQ(first.minutiae[i].type, second.minutiae[i].type);
    }
}

TEST(MasterFingerprint, DifferentPersonsAndFingersDiffer)
{
    const auto base = test_cache().get(1, FingerPosition::RightIndex);
    const auto other_person = test_cache().get(2, FingerPosition::RightIndex);
    const auto other_finger = test_cache().get(1, FingerPosition::RightMiddle);
    // Ridge fields of unrelated fingers are essentially uncorrelated; a
    // shared pattern class alone does not align individual ridges.
    EXPECT_LT(std::abs(ridge_correlation(*base, *other_person)), 0.3);
    EXPECT_LT(std::abs(ridge_correlation(*base, *other_finger)), 0.3);
    EXPECT_GT(ridge_correlation(*base, *base), 0.999);
}

TEST(MasterFingerprint, MinutiaeCountsArePlausible)
{
    std::vector<std::size_t> counts;
    for (std::uint64_t person = 11; person <= 12; ++person) {
        for (int code = 1; code <= 10; ++code) {
            const auto master = test_cache().get(person, finger_position_from_code(code));
            counts.push_back(master->minutiae.size());
            // Arches and little fingers have fewer, large thumbs more.
            EXPECT_GE(master->minutiae.size(), 12U) << "person " << person << " finger " << code;
            EXPECT_LE(master->minutiae.size(), 110U) << "person " << person << " finger " << code;
            std::size_t endings = 0;
            for (const Minutia& minutia : master->minutiae) {
                endings += minutia.type == MinutiaType::RidgeEnding ? 1 : 0;
                EXPECT_GE(master->edge_distance_at(minutia.x, minutia.y), 9.0F);
                EXPECT_GE(minutia.direction, 0.0);
                EXPECT_LT(minutia.direction, 2.0 * 3.14159266);
            }
            EXPECT_GT(endings, 0U);
            EXPECT_LT(endings, master->minutiae.size());
        }
    }
    std::nth_element(counts.begin(), counts.begin() + counts.size() / 2, counts.end());
    const std::size_t median = counts[counts.size() / 2];
    EXPECT_GE(median, 25U);
    EXPECT_LE(median, 90U);
}

TEST(MasterFingerprint, MinutiaeLieOnTheRidgeSkeleton)
{
    const auto master = test_cache().get(3, FingerPosition::LeftIndex);
    ASSERT_FALSE(master->minutiae.empty());
    std::size_t on_ridge = 0;
    for (const Minutia& minutia : master->minutiae) {
        on_ridge += master->ridge_at(minutia.x, minutia.y) > 0.0F ? 1 : 0;
    }
    EXPECT_EQ(on_ridge, master->minutiae.size());
}

TEST(MasterFingerprint, MeasuredRidgePeriodFollowsTheConfiguredRange)
{
    for (int code : {2, 6, 10}) {
        const auto master = test_cache().get(21, finger_position_from_code(code));
        const double period = median_period(*master);
        EXPECT_GE(period, 8.0 - 0.5) << "finger " << code;
        EXPECT_LE(period, 11.0 + 0.5) << "finger " << code;
    }
    MasterParams fine;
    fine.min_ridge_period_px = 5.5;
    fine.max_ridge_period_px = 6.5;
    const MasterFingerprint narrow =
        generate_master_fingerprint(21, FingerPosition::RightIndex, fine);
    const double period = median_period(narrow);
    EXPECT_GE(period, 5.5 - 0.5);
    EXPECT_LE(period, 6.5 + 0.5);
}

TEST(MasterFingerprint, RejectsInvalidArguments)
{
    EXPECT_THROW((void)finger_position_from_code(0), std::invalid_argument);
    EXPECT_THROW((void)finger_position_from_code(11), std::invalid_argument);
    EXPECT_THROW((void)generate_master_fingerprint(1, static_cast<FingerPosition>(11)),
                 std::invalid_argument);
    MasterParams reversed;
    reversed.min_ridge_period_px = 11.0;
    reversed.max_ridge_period_px = 8.0;
    EXPECT_THROW((void)generate_master_fingerprint(1, FingerPosition::RightThumb, reversed),
                 std::invalid_argument);
}

TEST(PatternClass, PriorsArePlausiblePerFinger)
{
    SeededRandom random(7);
    auto share = [&](FingerPosition position, PatternClass wanted) {
        int hits = 0;
        for (int i = 0; i < 4000; ++i) {
            hits += choose_pattern_class(position, random) == wanted ? 1 : 0;
        }
        return hits / 4000.0;
    };
    // Ulnar loops dominate little fingers: right loops on the right hand,
    // left loops on the left hand.
    EXPECT_GT(share(FingerPosition::RightLittle, PatternClass::RightLoop), 0.7);
    EXPECT_GT(share(FingerPosition::LeftLittle, PatternClass::LeftLoop), 0.7);
    // Whorls are common on thumbs and ring fingers, arches rare overall.
    EXPECT_GT(share(FingerPosition::RightRing, PatternClass::Whorl), 0.3);
    EXPECT_LT(share(FingerPosition::LeftMiddle, PatternClass::Arch), 0.12);
    EXPECT_GT(share(FingerPosition::RightIndex, PatternClass::TentedArch), 0.02);
}

TEST(MasterFingerprint, WritesSamples)
{
    testing::save_sample(test_cache().get(1, FingerPosition::RightIndex)->render(),
                         "master_person1_right_index.pgm");
    testing::save_sample(test_cache().get(1, FingerPosition::LeftThumb)->render(),
                         "master_person1_left_thumb.pgm");
}

} // namespace
} // namespace ktpel::sim::fingerprint
