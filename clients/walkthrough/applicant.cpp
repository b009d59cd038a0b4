// SPDX-License-Identifier: Apache-2.0
#include "applicant.hpp"

#include <chrono>
#include <cstdio>

namespace walkthrough {
namespace {

// Today on the office's clock (the daemon's hello.time_zone), as the card
// prints dates: DD-MM-YYYY.
std::string office_today(std::chrono::minutes office_utc_offset)
{
    const auto now = std::chrono::system_clock::now() + office_utc_offset;
    const std::chrono::year_month_day date{std::chrono::floor<std::chrono::days>(now)};
    char text[16];
    std::snprintf(text, sizeof text, "%02u-%02u-%04d", static_cast<unsigned>(date.day()),
                  static_cast<unsigned>(date.month()), static_cast<int>(date.year()));
    return text;
}

// What SIAK holds for a resident of Kelurahan Ditotrunan, Kecamatan
// Lumajang, as the card prints it.
nlohmann::json lumajang_card(const std::string& nik, const std::string& name,
                             const std::string& born, const std::string& sex,
                             const std::string& address, const std::string& rt_rw,
                             const std::string& married, const std::string& job,
                             std::chrono::minutes office_utc_offset)
{
    return {{"provinsi", "JAWA TIMUR"},
            {"kabupaten", "LUMAJANG"},
            {"nik", nik},
            {"nama", name},
            {"tempat_lahir", "LUMAJANG"},
            {"tanggal_lahir", born},
            {"jenis_kelamin", sex},
            {"golongan_darah", "-"},
            {"alamat", address},
            {"rt_rw", rt_rw},
            {"kelurahan_desa", "DITOTRUNAN"},
            {"kecamatan", "LUMAJANG"},
            {"agama", "ISLAM"},
            {"status_perkawinan", married},
            {"pekerjaan", job},
            {"kewarganegaraan", "WNI"},
            {"berlaku_hingga", "SEUMUR HIDUP"},
            {"tempat_terbit", "LUMAJANG"},
            {"tanggal_terbit", office_today(office_utc_offset)}};
}

} // namespace

nlohmann::json Applicant::open_args() const
{
    return {
        {"nik", nik}, {"kk", kk}, {"married", false}, {"biometrics_recorded", biometrics_recorded}};
}

Applicant first_applicant(std::chrono::minutes office_utc_offset)
{
    // Born 12 March 1990 (day + 40: a woman), KK issued 1 January 2015.
    return {"a woman born 12-03-1990, first KTP-el", "3508015203900001", "3508010101150003", false,
            lumajang_card("3508015203900001", "DEWI KARTIKA SARI", "12-03-1990", "PEREMPUAN",
                          "JL. KAPTEN KYAI ILYAS NO. 12", "003/005", "BELUM KAWIN", "GURU",
                          office_utc_offset)};
}

Applicant second_applicant(std::chrono::minutes office_utc_offset)
{
    // Born 17 August 1985, KK issued 20 March 2010.
    return {"a man born 17-08-1985, without the photocopy of his KK", "3508011708850002",
            "3508012003100007", false,
            lumajang_card("3508011708850002", "AHMAD FAUZI", "17-08-1985", "LAKI-LAKI",
                          "JL. SULTAN AGUNG GG. II NO. 4", "001/002", "KAWIN", "WIRASWASTA",
                          office_utc_offset)};
}

Applicant third_applicant(std::chrono::minutes office_utc_offset)
{
    // Born 25 December 2000 (a woman), KK issued 5 July 2012; recorded at
    // the regency office before, so only her card is made here.
    return {"a woman born 25-12-2000, recorded at the regency office before", "3508016512000003",
            "3508010507120004", true,
            lumajang_card("3508016512000003", "NUR AINI RAHMAWATI", "25-12-2000", "PEREMPUAN",
                          "JL. AHMAD YANI NO. 87", "004/001", "BELUM KAWIN", "PELAJAR/MAHASISWA",
                          office_utc_offset)};
}

std::string masked_nik(const std::string& nik)
{
    if (nik.size() != 16)
        return std::string(nik.size(), '*');
    return nik.substr(0, 4) + std::string(10, '*') + nik.substr(14);
}

} // namespace walkthrough
