// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 command and response APDUs, short lengths only: nothing
// the chip, the SAM or the session exchange needs more than 255 bytes in
// or 256 out, and short APDUs pass through every reader and driver.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

namespace ktpel::chip {

class ApduFormatError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

inline constexpr std::size_t kMaxShortLc = 255;
inline constexpr std::size_t kMaxShortLe = 256;

struct CommandApdu
{
    std::uint8_t cla = 0;
    std::uint8_t ins = 0;
    std::uint8_t p1 = 0;
    std::uint8_t p2 = 0;
    std::vector<std::uint8_t> data;
    // Bytes expected back, 1..256 (256 travels as 00); nullopt: no Le field.
    std::optional<std::size_t> le;

    // Throws ApduFormatError for data over 255 bytes or Le outside 1..256.
    std::vector<std::uint8_t> encode() const;
    // Cases 1 to 4 with short lengths; throws ApduFormatError for anything
    // else (too short, extended lengths, Lc disagreeing with the size).
    static CommandApdu parse(std::span<const std::uint8_t> bytes);
};

struct ResponseApdu
{
    std::vector<std::uint8_t> data;
    std::uint16_t sw = 0;

    std::vector<std::uint8_t> encode() const;
    // Throws ApduFormatError for fewer than two bytes.
    static ResponseApdu parse(std::span<const std::uint8_t> bytes);
};

// A response that is just a status word.
std::vector<std::uint8_t> status_only(std::uint16_t sw);

} // namespace ktpel::chip
