// SPDX-License-Identifier: Apache-2.0
// The bytes of one downloaded panel (the payload of Db and Dbc), both
// ways: the driver encodes, its tests decode (the emulator in sim/ reads
// panels with its own code). Layouts are described in
// docs/drivers/evolis.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "../classes/card_panels.hpp"

namespace ktpel::evolis {

// The printer takes bitmaps portrait, as the card travels under the head:
// 1016 lines of 648 dots.
inline constexpr std::uint32_t kPrinterLineDots = drivers::kCardHeightDots;
inline constexpr std::uint32_t kPrinterLines = drivers::kCardWidthDots;

// Malformed or mis-sized panel data (on either side of the cable).
class PanelCodecError : public std::invalid_argument
{
public:
    using std::invalid_argument::invalid_argument;
};

// 5 for 32 levels, 1 for 2; anything else is not a level count the
// printer takes.
unsigned bits_per_dot(std::uint8_t levels);
std::size_t raw_size(std::uint32_t width, std::uint32_t height, std::uint8_t levels);

// Raw: every dot's level, bits_per_dot wide, packed MSB first as one
// continuous bit stream, the last byte padded with zeros.
std::string encode_raw(const drivers::Panel& panel);
drivers::Panel decode_raw(std::string_view data, std::uint32_t width, std::uint32_t height,
                          std::uint8_t levels);

// Compressed, line by line: run-length codes for 32-level panels, a
// trimmed bit row for 2-level ones.
std::string encode_compressed(const drivers::Panel& panel);
drivers::Panel decode_compressed(std::string_view data, std::uint32_t width, std::uint32_t height,
                                 std::uint8_t levels);

// Card (landscape, as the daemon composes it) <-> printer (portrait):
// printer line x is card column x; dot y of a line is card row
// height-1-y, i.e. a quarter turn clockwise.
drivers::Panel to_printer_orientation(const drivers::Panel& card);
drivers::Panel to_card_orientation(const drivers::Panel& printer);

} // namespace ktpel::evolis
