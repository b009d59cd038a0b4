// SPDX-License-Identifier: Apache-2.0
// Data group 1: the holder's biographic data, as printed on the card
// (UTF-8, already in printed form: "17-08-1990", "LAKI-LAKI"). Field
// names follow the card printer's CardData. Encoded as BER-TLV, one
// context-specific primitive tag per field (80..92, table in docs/chip.md),
// every field present even when empty.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ktpel::chip {

struct BiographicData
{
    std::string nik;
    std::string nama;
    std::string tempat_lahir;
    std::string tanggal_lahir;
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
    std::string tempat_terbit;
    std::string tanggal_terbit;

    bool operator==(const BiographicData&) const = default;
};

struct BiographicField
{
    std::uint8_t tag;
    std::string_view name;
    std::string BiographicData::*member;
};

inline constexpr std::array<BiographicField, 19> kBiographicFields{{
    {0x80, "nik", &BiographicData::nik},
    {0x81, "nama", &BiographicData::nama},
    {0x82, "tempat_lahir", &BiographicData::tempat_lahir},
    {0x83, "tanggal_lahir", &BiographicData::tanggal_lahir},
    {0x84, "jenis_kelamin", &BiographicData::jenis_kelamin},
    {0x85, "golongan_darah", &BiographicData::golongan_darah},
    {0x86, "alamat", &BiographicData::alamat},
    {0x87, "rt_rw", &BiographicData::rt_rw},
    {0x88, "kelurahan_desa", &BiographicData::kelurahan_desa},
    {0x89, "kecamatan", &BiographicData::kecamatan},
    {0x8A, "agama", &BiographicData::agama},
    {0x8B, "status_perkawinan", &BiographicData::status_perkawinan},
    {0x8C, "pekerjaan", &BiographicData::pekerjaan},
    {0x8D, "kewarganegaraan", &BiographicData::kewarganegaraan},
    {0x8E, "berlaku_hingga", &BiographicData::berlaku_hingga},
    {0x8F, "provinsi", &BiographicData::provinsi},
    {0x90, "kabupaten", &BiographicData::kabupaten},
    {0x91, "tempat_terbit", &BiographicData::tempat_terbit},
    {0x92, "tanggal_terbit", &BiographicData::tanggal_terbit},
}};

// The value of data group 1 (the chip wraps nothing; the session adds the
// group's 61 template).
std::vector<std::uint8_t> encode_biographic(const BiographicData& data);
// Throws TlvFormatError for malformed TLVs, unknown or repeated tags.
BiographicData decode_biographic(std::span<const std::uint8_t> value);

} // namespace ktpel::chip
