// SPDX-License-Identifier: Apache-2.0
// Plain measures of a captured signature: how much ink, how long, how big.
// The renderer crops with the ink box; the checks judge with the rest.
#pragma once

#include <cstdint>
#include <vector>

#include "common/pen_trace.hpp"

namespace ktpel::biometrics::signature {

// Pad units; empty when there is no ink.
struct InkBox
{
    bool empty = true;
    std::uint16_t left = 0;
    std::uint16_t top = 0;
    std::uint16_t right = 0; // inclusive
    std::uint16_t bottom = 0;
};

struct SignatureMeasures
{
    std::size_t stroke_count = 0;
    std::size_t point_count = 0;
    double ink_length_mm = 0; // pen-down path length
    double duration_ms = 0;   // first touch to last down sample, pad clock
    double width_mm = 0;      // of the ink box
    double height_mm = 0;
    InkBox box;
};

InkBox ink_box_of(const std::vector<ktpel::PenStroke>& strokes);

// Lengths need the pad's units_per_mm; a geometry without one gives 0 mm.
SignatureMeasures measure(const std::vector<ktpel::PenStroke>& strokes,
                          const ktpel::PadGeometry& geometry);

} // namespace ktpel::biometrics::signature
