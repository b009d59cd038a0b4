// SPDX-License-Identifier: Apache-2.0
// Face photo checks on synthetic portraits, and the card crop.
#include <gtest/gtest.h>

#include "biometrics/face/photo_checks.hpp"
#include "biometrics/face/photo_crop.hpp"
#include "common/jpeg_codec.hpp"
#include "sim/emulators/synthetic_portrait.hpp"

namespace ktpel::biometrics::face {
namespace {

std::vector<std::uint8_t> portrait(sim::PortraitScene scene)
{
    return sim::render_portrait_jpeg(1200, 1600, scene);
}

PhotoAssessment assess(sim::PortraitScene scene)
{
    return assess_jpeg(portrait(scene));
}

TEST(FacePhoto, GoodPortraitsPassEveryCheck)
{
    for (const std::uint64_t person : {1, 2, 3, 4}) {
        const auto assessment = assess({.person = person});
        EXPECT_TRUE(assessment.passed()) << "person " << person;
        for (const auto& check : assessment.checks)
            EXPECT_TRUE(check.passed)
                << "person " << person << ": " << check.name << ": " << check.detail;
    }
}

TEST(FacePhoto, OverAndUnderExposureFailExposureOnly)
{
    const auto over = assess({.exposure_gain = 2.2});
    EXPECT_EQ(over.failed(), std::vector<std::string>{"exposure"}) << over.check("exposure").detail;
    const auto under = assess({.exposure_gain = 0.22});
    EXPECT_EQ(under.failed(), std::vector<std::string>{"exposure"})
        << under.check("exposure").detail;
    const auto good = assess({});
    EXPECT_LT(under.check("exposure").value, good.check("exposure").value);
    EXPECT_GT(over.check("exposure").value, good.check("exposure").value);
}

TEST(FacePhoto, BlurFailsSharpnessOnly)
{
    const auto good = assess({});
    const auto blurred = assess({.blur_radius = 9});
    EXPECT_EQ(blurred.failed(), std::vector<std::string>{"sharpness"})
        << blurred.check("sharpness").detail;
    const auto slightly = assess({.blur_radius = 2});
    // Ordered: sharper scores higher.
    EXPECT_GT(good.check("sharpness").value, slightly.check("sharpness").value);
    EXPECT_GT(slightly.check("sharpness").value, blurred.check("sharpness").value);
}

TEST(FacePhoto, EmptyBackdropFailsSubject)
{
    const auto empty = assess({.subject_present = false});
    EXPECT_FALSE(empty.check("subject").passed) << empty.check("subject").detail;
    EXPECT_LT(empty.check("subject").value, 0.05);
    // A bare wall is well exposed and uniform; it has no detail to be
    // sharp, so sharpness fails with it.
    EXPECT_TRUE(empty.check("exposure").passed);
    EXPECT_TRUE(empty.check("background").passed);
    EXPECT_FALSE(empty.check("sharpness").passed);
}

TEST(FacePhoto, SmallPhotoFailsResolution)
{
    const auto small = assess_jpeg(sim::render_portrait_jpeg(480, 640, {}));
    EXPECT_FALSE(small.check("resolution").passed);
}

TEST(FacePhoto, ClutteredBackdropFailsBackground)
{
    auto image = decode_jpeg(portrait({}));
    // A poster on the wall at the upper left.
    for (std::uint32_t y = 100; y < 500; ++y)
        for (std::uint32_t x = 20; x < 120; ++x)
            for (int c = 0; c < 3; ++c)
                image.pixels[(std::size_t{y} * image.width + x) * 3 + c] = (x / 10 % 2) ? 240 : 20;
    EXPECT_FALSE(assess_photo(image).check("background").passed);
}

TEST(FacePhoto, CropBoxIsExactlyTheRatioAndCentred)
{
    const auto landscape = crop_box_for(1600, 1200, kKtpElPhotoRatio);
    EXPECT_EQ(landscape.width, 900u);
    EXPECT_EQ(landscape.height, 1200u);
    EXPECT_EQ(landscape.x, 350u);
    EXPECT_EQ(landscape.y, 0u);
    const auto square = crop_box_for(1000, 1000, {6, 8}); // reduced to 3:4
    EXPECT_EQ(square.width, 750u);
    EXPECT_EQ(square.height, 1000u);
    const auto odd = crop_box_for(1201, 1603, kKtpElPhotoRatio);
    EXPECT_EQ(odd.width * 4, odd.height * 3);
    const auto passport = crop_box_for(1200, 1600, {35, 45});
    EXPECT_EQ(passport.width * 45, passport.height * 35);
    EXPECT_THROW(crop_box_for(2, 2, kKtpElPhotoRatio), CropError);
    EXPECT_THROW(crop_box_for(100, 100, {0, 4}), CropError);
}

TEST(FacePhoto, CroppedJpegHasTheExactRatio)
{
    const auto wide = sim::render_portrait_jpeg(1600, 1200, {});
    const auto cropped = decode_jpeg(crop_jpeg_to_ratio(wide, kKtpElPhotoRatio, 92));
    EXPECT_EQ(cropped.width, 900u);
    EXPECT_EQ(cropped.height, 1200u);
    EXPECT_EQ(cropped.width * 4, cropped.height * 3);
}

TEST(FacePhoto, NotAJpegIsATypedError)
{
    const std::vector<std::uint8_t> junk{1, 2, 3, 4, 5};
    EXPECT_THROW(assess_jpeg(junk), JpegCodecError);
    EXPECT_THROW(decode_jpeg({}), JpegCodecError);
}

} // namespace
} // namespace ktpel::biometrics::face
