// SPDX-License-Identifier: Apache-2.0
#include "specimen_card.hpp"

#include <cstdint>

namespace ktpel::card {
namespace {

// A head-and-shoulders silhouette on a light ground, 3:4 like the card's
// photo box, with a grey ramp so a technician sees the dithering work.
Raster placeholder_photo()
{
    constexpr std::uint32_t width = 300;
    constexpr std::uint32_t height = 400;
    Raster image{width, height, 1, std::vector<std::uint8_t>(std::size_t{width} * height)};
    for (std::uint32_t y = 0; y < height; ++y) {
        for (std::uint32_t x = 0; x < width; ++x) {
            const double dx = (static_cast<double>(x) - 150.0) / 75.0;
            const double dy = (static_cast<double>(y) - 150.0) / 95.0;
            const double sx = (static_cast<double>(x) - 150.0) / 140.0;
            const double sy = (static_cast<double>(y) - 420.0) / 130.0;
            auto value = static_cast<std::uint8_t>(235 - y / 20);
            if (dx * dx + dy * dy < 1.0)
                value = static_cast<std::uint8_t>(120 + x / 6);
            else if (sx * sx + sy * sy < 1.0)
                value = 60;
            image.pixels[std::size_t{y} * width + x] = value;
        }
    }
    return image;
}

} // namespace

CardData specimen_card()
{
    CardData card;
    card.holder.provinsi = "JAWA TIMUR";
    card.holder.kabupaten = "LUMAJANG";
    card.holder.nik = "9999999999999999";
    card.holder.nama = "SPESIMEN KARTU UJI";
    card.holder.tempat_lahir = "LUMAJANG";
    card.holder.tanggal_lahir = "01-01-2000";
    card.holder.jenis_kelamin = "LAKI-LAKI";
    card.holder.golongan_darah = "O";
    card.holder.alamat = "JL. UJI CETAK NO. 1";
    card.holder.rt_rw = "001/001";
    card.holder.kelurahan_desa = "DITOTRUNAN";
    card.holder.kecamatan = "LUMAJANG";
    card.holder.agama = "ISLAM";
    card.holder.status_perkawinan = "BELUM KAWIN";
    card.holder.pekerjaan = "TEKNISI";
    card.holder.kewarganegaraan = "WNI";
    card.holder.berlaku_hingga = "SEUMUR HIDUP";
    card.holder.tempat_terbit = "LUMAJANG";
    card.holder.tanggal_terbit = "01-01-2026";
    card.photo = placeholder_photo();
    return card;
}

} // namespace ktpel::card
