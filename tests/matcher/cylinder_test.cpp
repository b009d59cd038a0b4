// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <bit>
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "biometrics/matcher/cylinder_builder.hpp"
#include "biometrics/matcher/cylinder_similarity.hpp"
#include "biometrics/matcher/match_template.hpp"

namespace ktpel::biometrics::matcher {
namespace {

// A regular grid of minutiae `spacing` apart with varied directions: every
// interior minutia has plenty of neighbours.
std::vector<PlacedMinutia> grid(int columns, int rows, double spacing)
{
    std::vector<PlacedMinutia> minutiae;
    for (int row = 0; row < rows; ++row) {
        for (int column = 0; column < columns; ++column) {
            minutiae.push_back({column * spacing, -row * spacing,
                                std::fmod(0.7 * (row * columns + column), 2.0 * std::numbers::pi)});
        }
    }
    return minutiae;
}

int set_bits(const CylinderCode& code)
{
    int count = 0;
    for (std::uint64_t word : code.cells) {
        count += std::popcount(word);
    }
    return count;
}

TEST(CylinderGrid, DiscHoldsMostOfTheSquare)
{
    // pi/4 of 256 cells is 201; the discrete disc is close to that.
    EXPECT_GT(cells_in_disc(), 190);
    EXPECT_LT(cells_in_disc(), 215);
}

TEST(CylinderBuilder, IsolatedMinutiaeHaveNoCylinder)
{
    // Three minutiae 300 px apart: none has a neighbour within R + 3 sigma.
    const std::vector<PlacedMinutia> sparse{{0, 0, 0}, {300, 0, 1}, {0, -300, 2}};
    EXPECT_TRUE(build_cylinders(sparse, std::nullopt, {}).codes.empty());
}

TEST(CylinderBuilder, KeepsInteriorMinutiaeAndDropsCornerOnes)
{
    const auto minutiae = grid(9, 9, 25.0);
    const BuiltCylinders built = build_cylinders(minutiae, std::nullopt, {});
    ASSERT_FALSE(built.codes.empty());
    const auto kept = [&](std::size_t index) {
        return std::find(built.owners.begin(), built.owners.end(), index) != built.owners.end();
    };
    EXPECT_TRUE(kept(4 * 9 + 4)); // centre
    // With a narrow hull margin, most of a corner minutia's disc lies
    // outside what the template knows about.
    CylinderParameters tight;
    tight.hull_margin = 10.0;
    const BuiltCylinders tight_built = build_cylinders(minutiae, std::nullopt, tight);
    EXPECT_EQ(std::find(tight_built.owners.begin(), tight_built.owners.end(), 0u),
              tight_built.owners.end());
    for (const CylinderCode& code : built.codes) {
        EXPECT_GT(set_bits(code), 0);
    }
}

TEST(CylinderBuilder, ImageBoundsInvalidateCellsOutsideTheImage)
{
    const auto minutiae = grid(9, 9, 25.0);
    const BuiltCylinders open = build_cylinders(minutiae, std::nullopt, {});
    // An image that ends just past the grid's left column.
    const ImageBounds bounds{-5.0, 400.0, -400.0, 5.0};
    const BuiltCylinders clipped = build_cylinders(minutiae, bounds, {});
    EXPECT_LT(clipped.codes.size(), open.codes.size());
}

TEST(CylinderSimilarity, IdenticalCylindersScoreOneAndEmptyOnesZero)
{
    const auto minutiae = grid(9, 9, 25.0);
    const BuiltCylinders built = build_cylinders(minutiae, std::nullopt, {});
    ASSERT_GE(built.codes.size(), 2u);
    const int min_cells = 120;
    for (const CylinderCode& code : built.codes) {
        EXPECT_FLOAT_EQ(cylinder_similarity(code, code, min_cells), 1.0f);
    }
    CylinderCode blank = built.codes.front();
    blank.cells = {};
    EXPECT_EQ(cylinder_similarity(blank, blank, min_cells), 0.0f);
    // Not matchable: too few cells valid in both.
    CylinderCode elsewhere = built.codes.front();
    elsewhere.valid = {};
    EXPECT_EQ(cylinder_similarity(built.codes.front(), elsewhere, min_cells), 0.0f);
}

TEST(CylinderBuilder, CylindersTurnWithTheFinger)
{
    // Turning the whole set by 90 degrees is exact on integer pixels, so
    // each cylinder (which lives in its minutia's own frame) stays almost
    // bit for bit the same.
    auto minutiae = grid(7, 7, 30.0);
    auto turned = minutiae;
    for (PlacedMinutia& minutia : turned) {
        const double x = minutia.x;
        minutia.x = -minutia.y;
        minutia.y = x;
        minutia.angle = std::fmod(minutia.angle + std::numbers::pi / 2, 2.0 * std::numbers::pi);
    }
    const BuiltCylinders first = build_cylinders(minutiae, std::nullopt, {});
    const BuiltCylinders second = build_cylinders(turned, std::nullopt, {});
    ASSERT_EQ(first.owners, second.owners);
    for (std::size_t i = 0; i < first.codes.size(); ++i) {
        EXPECT_GT(cylinder_similarity(first.codes[i], second.codes[i], 120), 0.95f);
    }
}

} // namespace
} // namespace ktpel::biometrics::matcher
