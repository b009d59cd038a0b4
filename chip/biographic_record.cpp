// SPDX-License-Identifier: Apache-2.0
#include "biographic_record.hpp"

#include <bitset>

#include "ber_tlv.hpp"

namespace ktpel::chip {

std::vector<std::uint8_t> encode_biographic(const BiographicData& data)
{
    std::vector<std::uint8_t> value;
    for (const auto& field : kBiographicFields) {
        const std::string& text = data.*field.member;
        append_tlv(value, field.tag,
                   std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    }
    return value;
}

BiographicData decode_biographic(std::span<const std::uint8_t> value)
{
    BiographicData data;
    std::bitset<kBiographicFields.size()> seen;
    for (const Tlv& item : parse_tlvs(value)) {
        std::size_t index = 0;
        while (index < kBiographicFields.size() && kBiographicFields[index].tag != item.tag)
            ++index;
        if (index == kBiographicFields.size())
            throw TlvFormatError("unknown tag in the biographic data group");
        if (seen.test(index))
            throw TlvFormatError("a biographic field appears twice");
        seen.set(index);
        data.*kBiographicFields[index].member = std::string(item.value.begin(), item.value.end());
    }
    return data;
}

} // namespace ktpel::chip
