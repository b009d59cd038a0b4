// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 9797-1 padding method 2 (80 00 .. 00 to a block boundary),
// which ICAO 9303 secure messaging uses before encrypting and MACing.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace ktpel::sim::sm {

std::vector<std::uint8_t> pad_iso9797_m2(std::span<const std::uint8_t> data);
void append_iso9797_m2_padding(std::vector<std::uint8_t>& data);

// The data before the padding; nullopt when the padding is malformed.
std::optional<std::size_t> unpadded_size(std::span<const std::uint8_t> padded);

} // namespace ktpel::sim::sm
