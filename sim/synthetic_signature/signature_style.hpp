// SPDX-License-Identifier: Apache-2.0
// A person's signature as they mean to write it: a few strokes of cursive
// (each a chain of oscillation cycles, as in Hollerbach's model of
// handwriting: a steady forward drift plus coupled horizontal and vertical
// oscillations), maybe a dot, maybe an underlining flourish. Every
// rendition (signature_rendition.hpp) is this style, written once more,
// never quite the same.
//
// Coordinates are millimetres in the signature's own frame: x to the
// right, y UP, the baseline at y = 0.
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

namespace ktpel::sim::signature {

struct Point
{
    double x = 0;
    double y = 0;
};

// One up-and-down oscillation of the pen: about one letter stroke.
struct CursiveCycle
{
    double height_mm = 0; // how far the pen rises above the cycle's base
    double base_mm = 0;   // the base relative to the baseline (below 0: a descender)
    double loop = 0;      // horizontal swing relative to the advance; above 1 the pen loops back
    double phase = 0;     // radians: shifts where in the cycle the swing peaks
    double duration_ms = 0;
};

// One pen-down run of joined-up writing: a word.
struct CursiveStroke
{
    Point start;
    double advance_mm = 0; // forward progress per cycle
    std::vector<CursiveCycle> cycles;
};

// A sweep (underline or paraph): a chain of cubic Bezier segments,
// 3n + 1 control points, written with a minimum-jerk velocity profile.
struct FlourishStroke
{
    std::vector<Point> controls;
    double duration_ms = 0;
};

// A quick tap, like the dot of an i.
struct DotStroke
{
    Point at;
    double duration_ms = 0;
};

using StrokeDesign = std::variant<CursiveStroke, FlourishStroke, DotStroke>;

struct SignatureStyle
{
    std::uint64_t person = 0;
    std::vector<StrokeDesign> strokes; // in writing order
    double slant_deg = 0;              // forward lean of the writing
    double letter_height_mm = 0;       // the person's x-height
    double pressure = 0;               // habitual pen force, 0..1 of the pad's range
    double lift_ms = 0;                // habitual pen-up time between strokes
};

// The same person always gets the same style.
SignatureStyle style_of_person(std::uint64_t person);

} // namespace ktpel::sim::signature
