// SPDX-License-Identifier: Apache-2.0
// vpcd's socket protocol (vsmartcard, virtualsmartcard/src/vpcd/vpcd.c).
// vpcd listens on TCP; the card connects as the client and is "in the
// reader" while connected. Every message, both ways, is a 2-byte
// big-endian length and that many payload bytes. A 1-byte payload from
// vpcd is a control code; any longer one is a command APDU, answered with
// the response APDU. Only get_atr is answered among the control codes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace ktpel::sim::vpcd {

// Port of the first slot of a reader.conf entry "DEVICENAME /dev/null:0x8C7B";
// vpcd adds a second slot on port + 1.
inline constexpr std::uint16_t default_port = 35963;

enum class Control : std::uint8_t
{
    power_off = 0,
    power_on = 1,
    reset = 2,
    get_atr = 4,
};

inline constexpr std::size_t max_payload_size = 0xFFFF;
inline constexpr std::size_t header_size = 2;

// Throws VpcdError if the payload does not fit the 16-bit length.
std::vector<std::uint8_t> encode_frame(std::span<const std::uint8_t> payload);

std::size_t decode_length(std::span<const std::uint8_t, header_size> header) noexcept;

// The control code in a 1-byte payload; nullopt for a command APDU.
// Throws VpcdError for a 1-byte payload that is no known control code.
std::optional<Control> control_of(std::span<const std::uint8_t> payload);

} // namespace ktpel::sim::vpcd
