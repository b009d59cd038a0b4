// SPDX-License-Identifier: Apache-2.0
// The halving card.issue uses for a signature too large for the chip.
#include <gtest/gtest.h>

#include "biometrics/signature/half_size.hpp"

namespace ktpel::biometrics::signature {
namespace {

TEST(HalfSizeTest, EachPixelIsTheMeanOfItsTwoByTwoBlock)
{
    RasterImage image;
    image.width = 4;
    image.height = 2;
    image.pixels = {0,   255, 10, 10, //
                    255, 0,   20, 21};
    const auto half = half_size(image);
    EXPECT_EQ(half.width, 2u);
    EXPECT_EQ(half.height, 1u);
    EXPECT_EQ(half.pixels, (std::vector<std::uint8_t>{127, 15}));
}

TEST(HalfSizeTest, AnOddLastRowAndColumnAreDroppedAndTheResolutionHalves)
{
    RasterImage image;
    image.width = 3;
    image.height = 3;
    image.ppi = 500;
    image.pixels = {8,  8,  99, //
                    8,  8,  99, //
                    99, 99, 99};
    const auto half = half_size(image);
    EXPECT_EQ(half.width, 1u);
    EXPECT_EQ(half.height, 1u);
    EXPECT_EQ(half.ppi, 250u);
    EXPECT_EQ(half.pixels, (std::vector<std::uint8_t>{8}));
}

} // namespace
} // namespace ktpel::biometrics::signature
