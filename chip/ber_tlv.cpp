// SPDX-License-Identifier: Apache-2.0
#include "ber_tlv.hpp"

#include <string>

namespace ktpel::chip {
namespace {

// A first tag byte with all five low bits set announces a second byte.
constexpr std::uint8_t kTagNumberMask = 0x1F;
constexpr std::size_t kMaxValueSize = 0xFFFF;

} // namespace

void append_tlv(std::vector<std::uint8_t>& out, std::uint16_t tag,
                std::span<const std::uint8_t> value)
{
    if (value.size() > kMaxValueSize)
        throw TlvFormatError("a TLV value of more than 65535 bytes");
    if (tag > 0xFF)
        out.push_back(static_cast<std::uint8_t>(tag >> 8));
    out.push_back(static_cast<std::uint8_t>(tag & 0xFF));
    const std::size_t size = value.size();
    if (size < 0x80) {
        out.push_back(static_cast<std::uint8_t>(size));
    } else if (size <= 0xFF) {
        out.push_back(0x81);
        out.push_back(static_cast<std::uint8_t>(size));
    } else {
        out.push_back(0x82);
        out.push_back(static_cast<std::uint8_t>(size >> 8));
        out.push_back(static_cast<std::uint8_t>(size & 0xFF));
    }
    out.insert(out.end(), value.begin(), value.end());
}

std::vector<std::uint8_t> encode_tlv(std::uint16_t tag, std::span<const std::uint8_t> value)
{
    std::vector<std::uint8_t> out;
    out.reserve(value.size() + 5);
    append_tlv(out, tag, value);
    return out;
}

std::optional<TlvHeader> parse_tlv_header(std::span<const std::uint8_t> bytes)
{
    TlvHeader header;
    std::size_t at = 0;
    if (bytes.empty())
        return std::nullopt;
    if (bytes[0] == 0x00 || bytes[0] == 0xFF)
        throw TlvFormatError("00 and FF are not tags");
    header.tag = bytes[at++];
    if ((header.tag & kTagNumberMask) == kTagNumberMask) {
        if (at >= bytes.size())
            return std::nullopt;
        if (bytes[at] & 0x80)
            throw TlvFormatError("tags longer than two bytes are not used");
        header.tag = static_cast<std::uint16_t>((header.tag << 8) | bytes[at++]);
    }
    if (at >= bytes.size())
        return std::nullopt;
    const std::uint8_t first = bytes[at++];
    if (first < 0x80) {
        header.value_size = first;
    } else if (first == 0x81 || first == 0x82) {
        const std::size_t count = first & 0x7F;
        if (at + count > bytes.size())
            return std::nullopt;
        for (std::size_t i = 0; i < count; ++i)
            header.value_size = (header.value_size << 8) | bytes[at++];
        // DER's shortest form: a length that fits fewer bytes is refused,
        // so every value has exactly one encoding (the MAC covers bytes).
        if ((first == 0x81 && header.value_size < 0x80) ||
            (first == 0x82 && header.value_size <= 0xFF))
            throw TlvFormatError("a length not in its shortest form");
    } else {
        throw TlvFormatError("indefinite or over-long TLV length");
    }
    header.header_size = at;
    return header;
}

std::vector<Tlv> parse_tlvs(std::span<const std::uint8_t> bytes)
{
    std::vector<Tlv> items;
    while (!bytes.empty()) {
        const auto header = parse_tlv_header(bytes);
        if (!header || header->total_size() > bytes.size())
            throw TlvFormatError("a TLV runs past the end of its data");
        items.push_back({header->tag, bytes.subspan(header->header_size, header->value_size),
                         bytes.first(header->total_size())});
        bytes = bytes.subspan(header->total_size());
    }
    return items;
}

Tlv parse_single_tlv(std::span<const std::uint8_t> bytes)
{
    auto items = parse_tlvs(bytes);
    if (items.size() != 1)
        throw TlvFormatError("expected exactly one TLV, found " + std::to_string(items.size()));
    return items.front();
}

} // namespace ktpel::chip
