// SPDX-License-Identifier: Apache-2.0
#include "data_group_content.hpp"

#include "ber_tlv.hpp"

namespace ktpel::chip {

std::vector<std::uint8_t> wrap_data_group(DataGroup group, std::span<const std::uint8_t> value)
{
    return encode_tlv(layout_of(group).tag, value);
}

std::optional<std::span<const std::uint8_t>> data_group_value(DataGroup group,
                                                              std::span<const std::uint8_t> content)
{
    try {
        const Tlv item = parse_single_tlv(content);
        if (item.tag != layout_of(group).tag)
            return std::nullopt;
        return item.value;
    } catch (const TlvFormatError&) {
        return std::nullopt;
    }
}

std::size_t wrapped_size(std::size_t value_size) noexcept
{
    return 1 + (value_size < 0x80 ? 1 : value_size <= 0xFF ? 2 : 3) + value_size;
}

} // namespace ktpel::chip
