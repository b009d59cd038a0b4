// SPDX-License-Identifier: Apache-2.0
#include "chip_layout.hpp"

#include <algorithm>

#include "common/hex_bytes.hpp"

namespace ktpel::chip {

std::string_view name_of(LifeCycle state) noexcept
{
    switch (state) {
    case LifeCycle::blank:
        return "blank";
    case LifeCycle::personalising:
        return "personalising";
    case LifeCycle::locked:
        return "locked";
    }
    return "unknown";
}

bool is_life_cycle_byte(std::uint8_t value) noexcept
{
    return value == static_cast<std::uint8_t>(LifeCycle::blank) ||
           value == static_cast<std::uint8_t>(LifeCycle::personalising) ||
           value == static_cast<std::uint8_t>(LifeCycle::locked);
}

const DataGroupLayout& layout_of(DataGroup group) noexcept
{
    for (const auto& layout : kDataGroups)
        if (layout.group == group)
            return layout;
    return kDataGroups.front(); // unreachable: every enumerator has a row
}

const DataGroupLayout* data_group_with_file_id(std::uint16_t file_id) noexcept
{
    for (const auto& layout : kDataGroups)
        if (layout.file_id == file_id)
            return &layout;
    return nullptr;
}

std::optional<CardUid> parse_card_uid(std::string_view text)
{
    const auto bytes = from_hex(text);
    if (!bytes || bytes->size() != CardUid{}.size())
        return std::nullopt;
    CardUid uid{};
    std::copy(bytes->begin(), bytes->end(), uid.begin());
    return uid;
}

} // namespace ktpel::chip
