// SPDX-License-Identifier: Apache-2.0
// Bytes as hex: card UIDs in file names, the control socket and logs,
// digests, USB ids (never keys or personal data).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ktpel {

std::string to_hex(std::span<const std::uint8_t> bytes);
// The same in lower case (digests, random ids).
std::string to_lower_hex(std::span<const std::uint8_t> bytes);
// Exactly four lower-case digits: USB vendor and product ids ("2e5a").
std::string hex16(std::uint16_t value);
// nullopt for an odd length or a character that is not a hex digit.
std::optional<std::vector<std::uint8_t>> from_hex(std::string_view text);

} // namespace ktpel
