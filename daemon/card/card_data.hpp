// SPDX-License-Identifier: Apache-2.0
// What is printed about one holder. Texts are UTF-8, already in the form
// printed (the KTP-el prints most values in capitals; this layer does not
// change case, so what was verified is what is printed).
#pragma once

#include <optional>
#include <string>

#include "daemon/card/raster.hpp"

namespace ktpel::card {

struct CardData
{
    std::string nik;
    std::string nama;
    std::string tempat_lahir;
    std::string tanggal_lahir; // as printed: "17-08-1990"
    std::string jenis_kelamin;
    std::string golongan_darah;
    std::string alamat;
    std::string rt_rw;
    std::string kelurahan_desa;
    std::string kecamatan;
    std::string agama;
    std::string status_perkawinan;
    std::string pekerjaan;
    std::string kewarganegaraan;
    std::string berlaku_hingga;
    std::string provinsi;
    std::string kabupaten;
    std::string tempat_terbit;  // place of issue: "LUMAJANG"
    std::string tanggal_terbit; // date of issue: "24-11-2026"

    // Any size: scaled to fit its box keeping its proportions, centred.
    Raster photo;
    // Grey, dark ink on a light ground; absent for holders who cannot sign.
    std::optional<Raster> signature;
};

} // namespace ktpel::card
