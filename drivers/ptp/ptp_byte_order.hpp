// SPDX-License-Identifier: Apache-2.0
// PTP is little-endian throughout; these read and append its integers
// whatever the host's byte order.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace ktpel::ptp {

inline void put_u16(std::vector<std::uint8_t>& out, std::uint16_t value)
{
    out.push_back(static_cast<std::uint8_t>(value));
    out.push_back(static_cast<std::uint8_t>(value >> 8));
}

inline void put_u32(std::vector<std::uint8_t>& out, std::uint32_t value)
{
    for (int shift = 0; shift < 32; shift += 8)
        out.push_back(static_cast<std::uint8_t>(value >> shift));
}

inline void put_u64(std::vector<std::uint8_t>& out, std::uint64_t value)
{
    for (int shift = 0; shift < 64; shift += 8)
        out.push_back(static_cast<std::uint8_t>(value >> shift));
}

// Callers check the span holds enough bytes.
inline std::uint16_t get_u16(std::span<const std::uint8_t> in)
{
    return static_cast<std::uint16_t>(in[0] | (in[1] << 8));
}

inline std::uint32_t get_u32(std::span<const std::uint8_t> in)
{
    return static_cast<std::uint32_t>(in[0]) | (static_cast<std::uint32_t>(in[1]) << 8) |
           (static_cast<std::uint32_t>(in[2]) << 16) | (static_cast<std::uint32_t>(in[3]) << 24);
}

inline std::uint64_t get_u64(std::span<const std::uint8_t> in)
{
    return static_cast<std::uint64_t>(get_u32(in)) |
           (static_cast<std::uint64_t>(get_u32(in.subspan(4))) << 32);
}

} // namespace ktpel::ptp
