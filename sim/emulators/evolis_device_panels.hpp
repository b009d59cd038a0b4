// SPDX-License-Identifier: Apache-2.0
// What the emulated Evolis printer makes of a downloaded panel
// (docs/drivers/evolis.md, "Panel data"): it reads a Db (raw) or Dbc
// (compressed) payload line by line as the print head would, and lays
// each dot where it lands on the card. The driver writes the other half
// (drivers/evolis), so the codec tests can put one against the other.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "drivers/classes/card_panels.hpp"

namespace ktpel::sim::evolis_panels {

// The card travels lengthwise under the head: one line per card column,
// one dot per card row.
inline constexpr std::uint32_t kHeadLines = drivers::kCardWidthDots;
inline constexpr std::uint32_t kDotsPerLine = drivers::kCardHeightDots;

// A payload that is not a panel of the announced kind: the wrong size,
// ending early, running past a line, bits where none may be.
class BadPanelData : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// The levels a panel may have: 32 (Y, M, C) or 2 (K, O).
bool is_panel_levels(std::size_t levels);

// The size of a raw payload of a panel with `levels` (32 or 2).
std::size_t raw_payload_size(std::uint8_t levels);

// The panel as it lies on the card (landscape, 1016 x 648, row-major).
drivers::Panel read_raw(std::string_view payload, std::uint8_t levels);
drivers::Panel read_compressed(std::string_view payload, std::uint8_t levels);

} // namespace ktpel::sim::evolis_panels
