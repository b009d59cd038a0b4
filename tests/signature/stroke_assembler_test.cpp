// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "drivers/signpad/stroke_assembler.hpp"

namespace ktpel::signpad {
namespace {

using drivers::PenContact;
using drivers::PenSample;

PenSample at(std::uint16_t x, std::uint16_t y, std::uint32_t t, PenContact contact)
{
    return {x, y, static_cast<std::uint16_t>(contact == PenContact::down ? 500 : 0), t, contact};
}

TEST(StrokeAssembler, DownRunsBecomeStrokesAndHoverIsNotInk)
{
    StrokeAssembler assembler;
    EXPECT_FALSE(assembler.add(at(0, 0, 0, PenContact::hover)));
    EXPECT_FALSE(assembler.add(at(10, 0, 5, PenContact::down)));
    EXPECT_FALSE(assembler.add(at(13, 4, 10, PenContact::down)));
    EXPECT_TRUE(assembler.add(at(20, 4, 15, PenContact::hover))); // the lift
    EXPECT_FALSE(assembler.add(at(30, 4, 20, PenContact::away)));
    EXPECT_FALSE(assembler.add(at(40, 0, 25, PenContact::down)));
    ASSERT_EQ(assembler.strokes().size(), 2u);
    EXPECT_EQ(assembler.strokes()[0].samples.size(), 2u);
    EXPECT_EQ(assembler.strokes()[1].samples.size(), 1u);
    EXPECT_DOUBLE_EQ(assembler.ink_length(), 5.0); // the 3-4-5 segment; lifts draw nothing
    EXPECT_TRUE(assembler.pen_down());
    EXPECT_EQ(assembler.last_down_ms(), 25u);
}

TEST(StrokeAssembler, NewPointsAreHandedOutOnceAcrossStrokes)
{
    StrokeAssembler assembler;
    assembler.add(at(1, 1, 0, PenContact::down));
    assembler.add(at(2, 1, 5, PenContact::down));
    auto first = assembler.take_new_points();
    ASSERT_EQ(first.size(), 2u);
    EXPECT_FALSE(assembler.has_new_points());
    assembler.add(at(3, 1, 10, PenContact::down)); // the open stroke grows
    assembler.add(at(3, 1, 15, PenContact::hover));
    assembler.add(at(9, 9, 20, PenContact::down));
    const auto second = assembler.take_new_points();
    ASSERT_EQ(second.size(), 2u);
    EXPECT_EQ(second[0].stroke, 0u);
    EXPECT_EQ(second[0].sample.x, 3);
    EXPECT_EQ(second[1].stroke, 1u);
    EXPECT_EQ(second[1].sample.x, 9);
    EXPECT_EQ(assembler.points_reported(), 4u);
    EXPECT_TRUE(assembler.take_new_points().empty());
}

TEST(StrokeAssembler, RestartForgetsEverything)
{
    StrokeAssembler assembler;
    assembler.add(at(1, 1, 0, PenContact::down));
    assembler.add(at(5, 1, 5, PenContact::down));
    assembler.restart();
    EXPECT_FALSE(assembler.has_ink());
    EXPECT_FALSE(assembler.pen_down());
    EXPECT_FALSE(assembler.has_new_points());
    EXPECT_EQ(assembler.ink_length(), 0);
    EXPECT_FALSE(assembler.last_down_ms().has_value());
    assembler.add(at(7, 7, 50, PenContact::down));
    const auto points = assembler.take_new_points();
    ASSERT_EQ(points.size(), 1u);
    EXPECT_EQ(points[0].stroke, 0u);
}

} // namespace
} // namespace ktpel::signpad
