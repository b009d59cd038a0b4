// SPDX-License-Identifier: Apache-2.0
// What a card printer prints: per card side, the five panels of a YMCKO
// ribbon, already separated and screened. Producing them (layout, text,
// colour separation, dithering) is the daemon's job; sending them is the
// driver's.
#pragma once

#include <cstdint>
#include <vector>

namespace ktpel::drivers {

// A CR80 card (85.60 x 53.98 mm) at 300 dpi, landscape as the KTP-el is
// read: 1016 dots across, 648 down. Drivers rotate if their printer wants
// portrait.
inline constexpr std::uint32_t kCardWidthDots = 1016;
inline constexpr std::uint32_t kCardHeightDots = 648;

// One panel: a level per dot, row-major, top row first. 0 = no ink (or no
// overlay varnish). Colour panels have 32 levels (0..31), K and O 2 (0..1).
struct Panel
{
    std::uint32_t width = kCardWidthDots;
    std::uint32_t height = kCardHeightDots;
    std::uint8_t levels = 2;
    std::vector<std::uint8_t> dots;
};

struct CardSide
{
    Panel yellow;
    Panel magenta;
    Panel cyan;
    Panel black;
    Panel overlay;
};

} // namespace ktpel::drivers
