// SPDX-License-Identifier: Apache-2.0
// The names by which a layout file refers to CardData texts ("{nama}"):
// one table, so the loader refuses exactly the names the renderer cannot
// fill.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "daemon/card/card_data.hpp"

namespace ktpel::card {

inline constexpr std::array<std::pair<std::string_view, std::string CardData::*>, 19> kCardFields{{
    {"nik", &CardData::nik},
    {"nama", &CardData::nama},
    {"tempat_lahir", &CardData::tempat_lahir},
    {"tanggal_lahir", &CardData::tanggal_lahir},
    {"jenis_kelamin", &CardData::jenis_kelamin},
    {"golongan_darah", &CardData::golongan_darah},
    {"alamat", &CardData::alamat},
    {"rt_rw", &CardData::rt_rw},
    {"kelurahan_desa", &CardData::kelurahan_desa},
    {"kecamatan", &CardData::kecamatan},
    {"agama", &CardData::agama},
    {"status_perkawinan", &CardData::status_perkawinan},
    {"pekerjaan", &CardData::pekerjaan},
    {"kewarganegaraan", &CardData::kewarganegaraan},
    {"berlaku_hingga", &CardData::berlaku_hingga},
    {"provinsi", &CardData::provinsi},
    {"kabupaten", &CardData::kabupaten},
    {"tempat_terbit", &CardData::tempat_terbit},
    {"tanggal_terbit", &CardData::tanggal_terbit},
}};

// The member a field name designates; nullopt for an unknown name.
inline std::optional<std::string CardData::*> card_field(std::string_view name)
{
    for (const auto& [known, member] : kCardFields)
        if (known == name)
            return member;
    return std::nullopt;
}

} // namespace ktpel::card
