// SPDX-License-Identifier: Apache-2.0
// Bytes as upper-case hex, for card UIDs in file names, the control socket
// and logs (never for keys or personal data).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chip_layout.hpp"

namespace ktpel::chip {

std::string to_hex(std::span<const std::uint8_t> bytes);
// nullopt for an odd length or a character that is not a hex digit.
std::optional<std::vector<std::uint8_t>> from_hex(std::string_view text);
// nullopt unless `text` is exactly 16 hex digits.
std::optional<CardUid> parse_card_uid(std::string_view text);

} // namespace ktpel::chip
