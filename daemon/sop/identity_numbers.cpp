// SPDX-License-Identifier: Apache-2.0
#include "identity_numbers.hpp"

#include <algorithm>
#include <array>

#include "../errors/domain_error.hpp"

namespace ktpel::sop {
namespace {

using daemon::DomainError;
using daemon::Fault;

using namespace std::chrono;

// Province codes of Indonesia (Kemendagri), including the Papua provinces
// created in 2022.
constexpr std::array kProvinces = {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33,
                                   34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72,
                                   73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97};

[[noreturn]] void refuse(const char* arg, const std::string& message)
{
    throw DomainError(Fault::invalid_input, message, {{"arg", arg}});
}

int digits(const std::string& text, std::size_t at, std::size_t count)
{
    return std::stoi(text.substr(at, count));
}

void check_shape_and_region(const std::string& number, const char* arg, const char* what)
{
    if (number.size() != 16 ||
        !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; }))
        refuse(arg, std::string(what) + " must be exactly 16 digits");
    const int province = digits(number, 0, 2);
    if (std::find(kProvinces.begin(), kProvinces.end(), province) == kProvinces.end())
        refuse(arg, std::string(what) + " starts with " + number.substr(0, 2) +
                        ", which is no province code");
    if (digits(number, 2, 2) == 0)
        refuse(arg, std::string(what) + " has regency/city code 00");
    if (digits(number, 4, 2) == 0)
        refuse(arg, std::string(what) + " has district code 00");
}

// A two-digit year belongs to the latest century that does not put it in
// the future.
year full_year(int two_digits, year_month_day today)
{
    const int now = static_cast<int>(today.year());
    int candidate = now - now % 100 + two_digits;
    if (candidate > now)
        candidate -= 100;
    return year{candidate};
}

} // namespace

NikFields parse_nik(const std::string& nik, year_month_day today, const char* arg_name)
{
    check_shape_and_region(nik, arg_name, "NIK");
    NikFields fields;
    fields.province = digits(nik, 0, 2);
    fields.regency = digits(nik, 2, 2);
    fields.district = digits(nik, 4, 2);
    int day = digits(nik, 6, 2);
    if (day > 40) {
        fields.female = true;
        day -= 40;
    }
    const int month = digits(nik, 8, 2);
    const year_month_day birth{full_year(digits(nik, 10, 2), today), std::chrono::month(month),
                               std::chrono::day(day)};
    if (!birth.ok())
        refuse(arg_name, "NIK digits 7-12 are no valid date of birth (DDMMYY, day + 40 for women)");
    fields.birth_date = birth;
    fields.serial = digits(nik, 12, 4);
    if (fields.serial == 0)
        refuse(arg_name, "NIK serial (last four digits) cannot be 0000");
    return fields;
}

void check_kk_number(const std::string& kk, year_month_day today, const char* arg_name)
{
    check_shape_and_region(kk, arg_name, "KK number");
    const year_month_day issued{full_year(digits(kk, 10, 2), today), month(digits(kk, 8, 2)),
                                day(digits(kk, 6, 2))};
    if (!issued.ok())
        refuse(arg_name, "KK number digits 7-12 are no valid date of issue (DDMMYY)");
    if (sys_days{issued} > sys_days{today})
        refuse(arg_name, "KK number's date of issue is in the future");
}

int age_on(year_month_day birth, year_month_day on)
{
    int age = static_cast<int>(on.year()) - static_cast<int>(birth.year());
    if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day()))
        --age;
    return age;
}

std::string mask_nik(const std::string& nik)
{
    if (nik.size() != 16)
        return std::string(nik.size(), '*');
    return nik.substr(0, 4) + std::string(10, '*') + nik.substr(14);
}

} // namespace ktpel::sop
