// SPDX-License-Identifier: Apache-2.0
// A data group's elementary file holds one BER-TLV: the group's template
// tag (chip_layout.hpp), its length, then the value (JPEG bytes, an
// ISO/IEC 19794-2 record, the biographic TLVs...). The length up front is
// what lets a reader know how much to read, and what lets the chip refuse
// to LOCK while any group is incomplete.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "chip_layout.hpp"

namespace ktpel::chip {

std::vector<std::uint8_t> wrap_data_group(DataGroup group, std::span<const std::uint8_t> value);

// The value inside a complete content; nullopt for an empty, truncated,
// over-long or mis-tagged one.
std::optional<std::span<const std::uint8_t>>
data_group_value(DataGroup group, std::span<const std::uint8_t> content);

// Bytes the wrapped value takes in the file (header and value).
std::size_t wrapped_size(std::size_t value_size) noexcept;

} // namespace ktpel::chip
