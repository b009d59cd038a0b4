// SPDX-License-Identifier: Apache-2.0
// The BER-TLV subset ISO/IEC 7816-4 cards use: one- or two-byte tags and
// definite lengths up to 82 xx xx. Parsing is strict, because the chip
// parses what an untrusted host sends it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

namespace ktpel::chip {

class TlvFormatError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct Tlv
{
    std::uint16_t tag = 0; // 0x5F2E for a two-byte tag
    std::span<const std::uint8_t> value;
    std::span<const std::uint8_t> encoded; // tag, length and value as they came
};

struct TlvHeader
{
    std::uint16_t tag = 0;
    std::size_t header_size = 0;
    std::size_t value_size = 0;
    std::size_t total_size() const noexcept { return header_size + value_size; }
};

void append_tlv(std::vector<std::uint8_t>& out, std::uint16_t tag,
                std::span<const std::uint8_t> value);
std::vector<std::uint8_t> encode_tlv(std::uint16_t tag, std::span<const std::uint8_t> value);

// The header at the start of `bytes`; nullopt when `bytes` ends inside it.
// Throws TlvFormatError for an indefinite or over-long length.
std::optional<TlvHeader> parse_tlv_header(std::span<const std::uint8_t> bytes);

// `bytes` must be a sequence of complete TLVs, nothing left over.
std::vector<Tlv> parse_tlvs(std::span<const std::uint8_t> bytes);

// `bytes` must be exactly one complete TLV.
Tlv parse_single_tlv(std::span<const std::uint8_t> bytes);

} // namespace ktpel::chip
