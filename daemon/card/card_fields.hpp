// SPDX-License-Identifier: Apache-2.0
// The names by which a layout file refers to the holder's texts
// ("{nama}"): the chip's data group 1 table, so the loader refuses exactly
// the names the renderer cannot fill and the card prints what the chip
// holds.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "daemon/card/card_data.hpp"

namespace ktpel::card {

// The member a field name designates; nullopt for an unknown name.
inline std::optional<std::string chip::BiographicData::*> card_field(std::string_view name)
{
    for (const auto& field : chip::kBiographicFields)
        if (field.name == name)
            return field.member;
    return std::nullopt;
}

} // namespace ktpel::card
