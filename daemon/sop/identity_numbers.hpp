// SPDX-License-Identifier: Apache-2.0
// Plausibility checks of the applicant's numbers. A NIK (Nomor Induk
// Kependudukan) is 16 digits: PP RR DD (province, regency/city, district of
// registration), DDMMYY (date of birth; 40 is added to the day for women),
// NNNN (serial). A KK (Kartu Keluarga) number is 16 digits: PP RR DD,
// DDMMYY (date of issue), NNNN.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace ktpel::sop {

struct NikFields
{
    int province = 0;
    int regency = 0;
    int district = 0;
    std::chrono::year_month_day birth_date;
    bool female = false;
    int serial = 0;
};

// Throws DomainError(invalid_input, details.arg = `arg_name`) naming the
// part that is wrong. `today` decides the century of the two-digit year.
NikFields parse_nik(const std::string& nik, std::chrono::year_month_day today,
                    const char* arg_name = "nik");
void check_kk_number(const std::string& kk, std::chrono::year_month_day today,
                     const char* arg_name = "kk");

// Whole years between birth and `on`.
int age_on(std::chrono::year_month_day birth, std::chrono::year_month_day on);

// "3508**********01": what human output shows of a NIK (region and the last
// two digits, enough to tell two applicants apart at the counter).
std::string mask_nik(const std::string& nik);

} // namespace ktpel::sop
