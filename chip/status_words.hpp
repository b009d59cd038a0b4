// SPDX-License-Identifier: Apache-2.0
// The ISO/IEC 7816-4 status words the KTP-el chip and SAM answer with
// (docs/chip.md lists which command gives which).
#pragma once

#include <cstdint>

namespace ktpel::chip::sw {

inline constexpr std::uint16_t ok = 0x9000;
inline constexpr std::uint16_t end_of_file = 0x6282; // fewer bytes than Le: the file ends
inline constexpr std::uint16_t authentication_failed = 0x6300;
inline constexpr std::uint16_t memory_failure = 0x6581;
inline constexpr std::uint16_t wrong_length = 0x6700;
inline constexpr std::uint16_t security_status_not_satisfied = 0x6982;
inline constexpr std::uint16_t authentication_blocked = 0x6983;
inline constexpr std::uint16_t conditions_not_satisfied = 0x6985;
inline constexpr std::uint16_t no_current_ef = 0x6986;
inline constexpr std::uint16_t sm_objects_missing = 0x6987;
inline constexpr std::uint16_t sm_objects_incorrect = 0x6988;
inline constexpr std::uint16_t wrong_data = 0x6A80;
inline constexpr std::uint16_t function_not_supported = 0x6A81;
inline constexpr std::uint16_t file_not_found = 0x6A82;
inline constexpr std::uint16_t not_enough_memory = 0x6A84;
inline constexpr std::uint16_t incorrect_p1_p2 = 0x6A86;
inline constexpr std::uint16_t data_not_found = 0x6A88;
inline constexpr std::uint16_t wrong_offset = 0x6B00;
inline constexpr std::uint16_t ins_not_supported = 0x6D00;
inline constexpr std::uint16_t cla_not_supported = 0x6E00;

// 63Cx: a verification failed, x tries remain.
constexpr std::uint16_t tries_left(unsigned count)
{
    return static_cast<std::uint16_t>(0x63C0 | (count > 15 ? 15 : count));
}
constexpr bool is_tries_left(std::uint16_t status)
{
    return (status & 0xFFF0) == 0x63C0;
}

} // namespace ktpel::chip::sw
