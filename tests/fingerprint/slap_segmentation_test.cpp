// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "analytic_fingerprint_images.hpp"
#include "biometrics/fingerprint/fingerprint_error.hpp"
#include "biometrics/fingerprint/slap_segmentation.hpp"

namespace ktpel::tests::fingerprint {
namespace {

using namespace biometrics::fingerprint;
using enum FingerPosition;

// Tip drops (pixels below the middle finger's tip) of a real hand.
constexpr double index_drop = 70;
constexpr double middle_drop = 0;
constexpr double ring_drop = 35;
constexpr double little_drop = 170;

struct DrawnFinger
{
    double centre_x;
    double tip_drop;
};

// A 1600x1500 slap: elliptical grating patches 220 wide and 480 tall
// whose tops lie at 150 + drop.
drivers::RasterImage compose_slap(const std::vector<DrawnFinger>& fingers)
{
    std::vector<FingerPatch> patches;
    double ridge_direction = 0.2;
    for (const DrawnFinger& finger : fingers) {
        FingerPatch patch;
        patch.semi_axis_x = 110;
        patch.semi_axis_y = 240;
        patch.centre_x = finger.centre_x;
        patch.centre_y = 150 + finger.tip_drop + patch.semi_axis_y;
        patch.curvature_radius = 260;
        patch.ridge_direction = ridge_direction;
        ridge_direction += 0.3;
        patches.push_back(patch);
    }
    drivers::RasterImage slap = render_patches(1600, 1500, patches).image;
    add_noise(slap, 2.0, 21);
    return slap;
}

// Left hand as the scanner sees it: little, ring, middle, index.
const std::vector<DrawnFinger> left_hand{
    {250, little_drop}, {600, ring_drop}, {950, middle_drop}, {1300, index_drop}};
// Right hand: index, middle, ring, little.
const std::vector<DrawnFinger> right_hand{
    {300, index_drop}, {650, middle_drop}, {1000, ring_drop}, {1350, little_drop}};

std::vector<FingerPosition> positions(const SlapSegmentation& result)
{
    std::vector<FingerPosition> found;
    for (const SegmentedFinger& finger : result.fingers) {
        found.push_back(finger.position);
    }
    return found;
}

TEST(SlapSegmentation, FindsFourLeftFingersInOrder)
{
    const drivers::RasterImage slap = compose_slap(left_hand);
    const SlapSegmentation result = segment_slap(slap, expect_fingers(SlapKind::left_four));
    EXPECT_EQ(result.count_status, FingerCountStatus::as_expected);
    EXPECT_EQ(result.found_count, 4);
    EXPECT_EQ(positions(result), (std::vector{left_little, left_ring, left_middle, left_index}));
    EXPECT_FALSE(result.wrong_hand_suspected);
    ASSERT_EQ(result.fingers.size(), 4u);
    for (std::size_t i = 0; i < 4; ++i) {
        const SegmentedFinger& finger = result.fingers[i];
        const int tip = static_cast<int>(150 + left_hand[i].tip_drop);
        // The fingertip box holds the tip and the first ~300 pixels below.
        EXPECT_TRUE(finger.box.contains(static_cast<int>(left_hand[i].centre_x), tip + 20));
        EXPECT_TRUE(finger.box.contains(static_cast<int>(left_hand[i].centre_x), tip + 280));
        EXPECT_NEAR(finger.tip_y, tip, 24);
        EXPECT_LT(finger.box.height, 420); // distal segment, not the whole patch
        EXPECT_LT(finger.box.width, 280);
        EXPECT_EQ(finger.crop.width, static_cast<std::uint32_t>(finger.box.width));
        EXPECT_EQ(finger.crop.height, static_cast<std::uint32_t>(finger.box.height));
        EXPECT_EQ(finger.crop.pixels.size(), finger.crop.width * finger.crop.height);
        EXPECT_EQ(finger.crop.ppi, 500u);
        // The crop really is the image region.
        EXPECT_EQ(finger.crop.pixels[0],
                  slap.pixels[static_cast<std::size_t>(finger.box.top) * 1600 + finger.box.left]);
    }
}

TEST(SlapSegmentation, FindsFourRightFingersInOrder)
{
    const SlapSegmentation result =
        segment_slap(compose_slap(right_hand), expect_fingers(SlapKind::right_four));
    EXPECT_EQ(result.count_status, FingerCountStatus::as_expected);
    EXPECT_EQ(positions(result),
              (std::vector{right_index, right_middle, right_ring, right_little}));
    EXPECT_FALSE(result.wrong_hand_suspected);
}

TEST(SlapSegmentation, FlagsUndeclaredMissingFinger)
{
    // Ring finger absent but not declared.
    const drivers::RasterImage slap = compose_slap({left_hand[0], left_hand[2], left_hand[3]});
    const SlapSegmentation result = segment_slap(slap, expect_fingers(SlapKind::left_four));
    EXPECT_EQ(result.count_status, FingerCountStatus::fewer_than_expected);
    EXPECT_EQ(result.expected_count, 4);
    EXPECT_EQ(result.found_count, 3);
    // Layout fit places the gap where the ring finger belongs.
    EXPECT_EQ(positions(result), (std::vector{left_little, left_middle, left_index}));
}

TEST(SlapSegmentation, AcceptsDeclaredMissingFinger)
{
    const drivers::RasterImage slap = compose_slap({left_hand[0], left_hand[2], left_hand[3]});
    const SlapSegmentation result =
        segment_slap(slap, expect_fingers(SlapKind::left_four, {left_ring}));
    EXPECT_EQ(result.count_status, FingerCountStatus::as_expected);
    EXPECT_EQ(positions(result), (std::vector{left_little, left_middle, left_index}));
    EXPECT_FALSE(result.wrong_hand_suspected);
}

TEST(SlapSegmentation, FlagsExtraFinger)
{
    std::vector<DrawnFinger> crowded = {
        {150, little_drop}, {450, ring_drop}, {750, middle_drop}, {1050, index_drop}, {1400, 260}};
    const SlapSegmentation result =
        segment_slap(compose_slap(crowded), expect_fingers(SlapKind::left_four));
    EXPECT_EQ(result.count_status, FingerCountStatus::more_than_expected);
    EXPECT_EQ(result.found_count, 5);
    const auto found = positions(result);
    EXPECT_EQ(std::count(found.begin(), found.end(), unknown), 1);
}

TEST(SlapSegmentation, SuspectsWrongHand)
{
    // A right hand presented when the left was asked for.
    const SlapSegmentation result =
        segment_slap(compose_slap(right_hand), expect_fingers(SlapKind::left_four));
    EXPECT_EQ(result.count_status, FingerCountStatus::as_expected);
    EXPECT_TRUE(result.wrong_hand_suspected);
    EXPECT_LT(result.mirrored_hand_misfit, result.declared_hand_misfit);
}

TEST(SlapSegmentation, SuspectsWrongHandWithAFingerMissing)
{
    const SlapSegmentation result =
        segment_slap(compose_slap({left_hand[0], left_hand[1], left_hand[2]}),
                     expect_fingers(SlapKind::right_four, {right_index}));
    EXPECT_TRUE(result.wrong_hand_suspected);
}

TEST(SlapSegmentation, PlacesThumbs)
{
    const SlapSegmentation result =
        segment_slap(compose_slap({{450, 40}, {1150, 0}}), expect_fingers(SlapKind::thumbs));
    EXPECT_EQ(result.count_status, FingerCountStatus::as_expected);
    EXPECT_EQ(positions(result), (std::vector{left_thumb, right_thumb}));
    EXPECT_FALSE(result.wrong_hand_suspected);
}

TEST(SlapSegmentation, SingleFingerModeUsesWholeImage)
{
    FingerPatch patch;
    patch.centre_x = 200;
    patch.centre_y = 250;
    patch.semi_axis_x = 150;
    patch.semi_axis_y = 200;
    drivers::RasterImage image = render_patches(400, 500, {patch}).image;
    const SlapSegmentation result = segment_slap(image, {SlapKind::single_finger, {right_index}});
    ASSERT_EQ(result.fingers.size(), 1u);
    EXPECT_EQ(result.fingers[0].position, right_index);
    EXPECT_EQ(result.count_status, FingerCountStatus::as_expected);
    EXPECT_TRUE(result.fingers[0].box.contains(200, 250));
}

TEST(SlapSegmentation, EmptyPlatenReportsNoFingers)
{
    drivers::RasterImage blank{1600, 1500, 500, std::vector<std::uint8_t>(1600 * 1500, 230)};
    const SlapSegmentation result = segment_slap(blank, expect_fingers(SlapKind::right_four));
    EXPECT_EQ(result.count_status, FingerCountStatus::fewer_than_expected);
    EXPECT_EQ(result.found_count, 0);
    EXPECT_TRUE(result.fingers.empty());
}

TEST(SlapSegmentation, RejectsInconsistentExpectations)
{
    drivers::RasterImage blank{400, 500, 500, std::vector<std::uint8_t>(400 * 500, 230)};
    EXPECT_THROW(segment_slap(blank, {SlapKind::left_four, {right_index}}),
                 InvalidFingerprintRequest);
    EXPECT_THROW(segment_slap(blank, {SlapKind::left_four, {left_index, left_index}}),
                 InvalidFingerprintRequest);
    EXPECT_THROW(segment_slap(blank, {SlapKind::single_finger, {}}), InvalidFingerprintRequest);
    EXPECT_THROW(segment_slap(blank, {SlapKind::thumbs, {left_index}}), InvalidFingerprintRequest);
}

} // namespace
} // namespace ktpel::tests::fingerprint
