// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "image_measures.hpp"
#include "sim/synthetic_fingerprint/slap_composer.hpp"

namespace ktpel::sim::fingerprint {
namespace {

using testing::region_stats;
using testing::test_cache;

std::vector<FingerPosition> positions_of(const SlapImage& slap)
{
    std::vector<FingerPosition> positions;
    for (const SlapFinger& finger : slap.fingers) {
        positions.push_back(finger.position);
    }
    return positions;
}

const SlapFinger& finger(const SlapImage& slap, FingerPosition position)
{
    for (const SlapFinger& f : slap.fingers) {
        if (f.position == position) {
            return f;
        }
    }
    throw std::out_of_range("finger not in slap");
}

void expect_left_to_right(const SlapImage& slap)
{
    for (std::size_t i = 1; i < slap.fingers.size(); ++i) {
        EXPECT_LT(slap.fingers[i - 1].centre.x, slap.fingers[i].centre.x);
        // Neighbouring fingertips do not overlap.
        EXPECT_LE(slap.fingers[i - 1].box.x + slap.fingers[i - 1].box.width,
                  slap.fingers[i].box.x + 40);
    }
}

void expect_hand_geometry(const SlapImage& slap, FingerPosition index, FingerPosition middle,
                          FingerPosition ring, FingerPosition little)
{
    const SlapFinger& m = finger(slap, middle);
    const SlapFinger& l = finger(slap, little);
    for (FingerPosition other : {index, ring, little}) {
        EXPECT_LT(m.centre.y, finger(slap, other).centre.y) << "middle finger is highest";
        EXPECT_LT(m.box.y, finger(slap, other).box.y);
    }
    for (FingerPosition other : {index, middle, ring}) {
        const SlapFinger& f = finger(slap, other);
        EXPECT_GT(l.centre.y, f.centre.y) << "little finger is lowest";
        EXPECT_LT(static_cast<double>(l.box.width) * l.box.height,
                  static_cast<double>(f.box.width) * f.box.height)
            << "little finger is smallest";
    }
}

TEST(SlapComposer, LeftHandShowsLittleLeftmostAndIndexRightmost)
{
    SlapRequest request;
    request.slot = SlapSlot::LeftFour;
    request.person = 31;
    const SlapImage slap = compose_slap(request, test_cache());
    EXPECT_EQ(slap.image.width, 1600U);
    EXPECT_EQ(slap.image.height, 1500U);
    EXPECT_EQ(slap.image.ppi, 500U);
    EXPECT_EQ(positions_of(slap),
              (std::vector{FingerPosition::LeftLittle, FingerPosition::LeftRing,
                           FingerPosition::LeftMiddle, FingerPosition::LeftIndex}));
    expect_left_to_right(slap);
    expect_hand_geometry(slap, FingerPosition::LeftIndex, FingerPosition::LeftMiddle,
                         FingerPosition::LeftRing, FingerPosition::LeftLittle);
    testing::save_sample(slap.image, "slap_left_four.pgm");
}

TEST(SlapComposer, RightHandIsTheMirror)
{
    SlapRequest request;
    request.slot = SlapSlot::RightFour;
    request.person = 31;
    const SlapImage slap = compose_slap(request, test_cache());
    EXPECT_EQ(positions_of(slap),
              (std::vector{FingerPosition::RightIndex, FingerPosition::RightMiddle,
                           FingerPosition::RightRing, FingerPosition::RightLittle}));
    expect_left_to_right(slap);
    expect_hand_geometry(slap, FingerPosition::RightIndex, FingerPosition::RightMiddle,
                         FingerPosition::RightRing, FingerPosition::RightLittle);
    testing::save_sample(slap.image, "slap_right_four.pgm");
}

TEST(SlapComposer, ThumbsSlotHasLeftThumbOnTheLeft)
{
    SlapRequest request;
    request.slot = SlapSlot::BothThumbs;
    request.person = 31;
    const SlapImage slap = compose_slap(request, test_cache());
    EXPECT_EQ(positions_of(slap),
              (std::vector{FingerPosition::LeftThumb, FingerPosition::RightThumb}));
    expect_left_to_right(slap);
    testing::save_sample(slap.image, "slap_thumbs.pgm");
}

TEST(SlapComposer, MinutiaeLieInsideTheirFingerBoxes)
{
    SlapRequest request;
    request.slot = SlapSlot::RightFour;
    request.person = 32;
    const SlapImage slap = compose_slap(request, test_cache());
    for (const SlapFinger& f : slap.fingers) {
        EXPECT_GE(f.minutiae.size(), 8U);
        for (const Minutia& m : f.minutiae) {
            EXPECT_GE(m.x, f.box.x);
            EXPECT_GE(m.y, f.box.y);
            EXPECT_LT(m.x, f.box.x + f.box.width);
            EXPECT_LT(m.y, f.box.y + f.box.height);
        }
    }
}

TEST(SlapComposer, MissingFingersAreAbsent)
{
    SlapRequest request;
    request.slot = SlapSlot::LeftFour;
    request.person = 31;
    const SlapImage full = compose_slap(request, test_cache());
    request.missing = {FingerPosition::LeftMiddle};
    const SlapImage missing = compose_slap(request, test_cache());
    EXPECT_EQ(positions_of(missing),
              (std::vector{FingerPosition::LeftLittle, FingerPosition::LeftRing,
                           FingerPosition::LeftIndex}));
    // Where the middle finger was, there is only background now.
    const BoundingBox where = finger(full, FingerPosition::LeftMiddle).box;
    const BoundingBox centre{where.x + where.width / 4, where.y + where.height / 4, where.width / 2,
                             where.height / 2};
    EXPECT_LT(region_stats(full.image, centre).mean, 170.0);
    EXPECT_GT(region_stats(missing.image, centre).mean, 200.0);
    EXPECT_LT(region_stats(missing.image, centre).deviation, 10.0);
}

TEST(SlapComposer, WrongHandPresentsTheMirroredOtherHand)
{
    SlapRequest request;
    request.slot = SlapSlot::LeftFour;
    request.person = 33;
    request.wrong_hand = true;
    const SlapImage slap = compose_slap(request, test_cache());
    EXPECT_EQ(positions_of(slap),
              (std::vector{FingerPosition::RightIndex, FingerPosition::RightMiddle,
                           FingerPosition::RightRing, FingerPosition::RightLittle}));
    expect_left_to_right(slap);
    expect_hand_geometry(slap, FingerPosition::RightIndex, FingerPosition::RightMiddle,
                         FingerPosition::RightRing, FingerPosition::RightLittle);

    request.slot = SlapSlot::BothThumbs;
    EXPECT_EQ(positions_of(compose_slap(request, test_cache())),
              (std::vector{FingerPosition::RightThumb, FingerPosition::LeftThumb}));
}

TEST(SlapComposer, IsDeterministicAndVariesWithImpression)
{
    SlapRequest request;
    request.slot = SlapSlot::BothThumbs;
    request.person = 34;
    const SlapImage first = compose_slap(request, test_cache());
    const SlapImage again = compose_slap(request, test_cache());
    EXPECT_EQ(first.image.pixels, again.image.pixels);
    request.impression_index = 1;
    const SlapImage other = compose_slap(request, test_cache());
    EXPECT_NE(first.image.pixels, other.image.pixels);
}

TEST(SlapComposer, PerFingerConditionApplies)
{
    SlapRequest request;
    request.slot = SlapSlot::RightFour;
    request.person = 35;
    const SlapImage normal = compose_slap(request, test_cache());
    request.finger_conditions[FingerPosition::RightRing] = SkinCondition::Wet;
    const SlapImage wet = compose_slap(request, test_cache());
    const BoundingBox ring = finger(normal, FingerPosition::RightRing).box;
    const BoundingBox index = finger(normal, FingerPosition::RightIndex).box;
    EXPECT_GT(region_stats(wet.image, ring).dark_share,
              1.3 * region_stats(normal.image, ring).dark_share);
    EXPECT_NEAR(region_stats(wet.image, index).dark_share,
                region_stats(normal.image, index).dark_share, 0.01);
}

TEST(SlapComposer, RejectsFingersOutsideTheSlot)
{
    SlapRequest request;
    request.slot = SlapSlot::RightFour;
    request.missing = {FingerPosition::RightThumb};
    EXPECT_THROW((void)compose_slap(request, test_cache()), std::invalid_argument);
    request.missing.clear();
    request.finger_conditions[FingerPosition::LeftThumb] = SkinCondition::Dry;
    EXPECT_THROW((void)compose_slap(request, test_cache()), std::invalid_argument);
}

} // namespace
} // namespace ktpel::sim::fingerprint
