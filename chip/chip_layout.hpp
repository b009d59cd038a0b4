// SPDX-License-Identifier: Apache-2.0
// What the KTP-el chip and its SAM look like from outside: application
// identifiers, file identifiers, instruction bytes, data groups, life-cycle
// states and size limits. The single source of docs/chip.md's tables.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace ktpel::chip {

// Proprietary, unregistered AIDs (ISO/IEC 7816-4 category F): F0 "KTPEL" 01
// and F0 "KTPELSAM".
inline constexpr std::array<std::uint8_t, 7> kChipApplicationAid{0xF0, 0x4B, 0x54, 0x50,
                                                                 0x45, 0x4C, 0x01};
inline constexpr std::array<std::uint8_t, 9> kSamApplicationAid{0xF0, 0x4B, 0x54, 0x50, 0x45,
                                                                0x4C, 0x53, 0x41, 0x4D};

inline constexpr std::uint16_t kMasterFileId = 0x3F00;
inline constexpr std::uint16_t kActivationFileId = 0x0110;
inline constexpr std::uint8_t kActivationTag = 0x70;

inline constexpr std::uint8_t kInterindustryCla = 0x00;
inline constexpr std::uint8_t kProprietaryCla = 0x80;
// CLA bits b4 b3 = 11: secure messaging with an authenticated header.
inline constexpr std::uint8_t kSecureMessagingClaBits = 0x0C;

namespace ins {
inline constexpr std::uint8_t select = 0xA4;
inline constexpr std::uint8_t read_binary = 0xB0;
inline constexpr std::uint8_t update_binary = 0xD6;
inline constexpr std::uint8_t erase_binary = 0x0E;
inline constexpr std::uint8_t get_data = 0xCA;
inline constexpr std::uint8_t get_challenge = 0x84;
inline constexpr std::uint8_t mutual_authenticate = 0x82;
inline constexpr std::uint8_t lock = 0x4C;       // proprietary (CLA 80)
inline constexpr std::uint8_t activation = 0x4E; // proprietary (CLA 80)
} // namespace ins

// ACTIVATION's P1.
inline constexpr std::uint8_t kActivationSucceeded = 0x01;
inline constexpr std::uint8_t kActivationFailedAttempt = 0x02;

// GET DATA's P1 P2 (the tag asked for).
inline constexpr std::uint16_t kUidDataTag = 0x005A;
inline constexpr std::uint16_t kLifeCycleDataTag = 0x008A;
inline constexpr std::uint16_t kKeyCheckValueDataTag = 0x00C1; // SAM

namespace sam_ins {
inline constexpr std::uint8_t auth_begin = 0x10;
inline constexpr std::uint8_t auth_finish = 0x12;
inline constexpr std::uint8_t wrap = 0x14;
inline constexpr std::uint8_t unwrap = 0x16;
} // namespace sam_ins

using CardUid = std::array<std::uint8_t, 8>;
// nullopt unless `text` is exactly 16 hex digits.
std::optional<CardUid> parse_card_uid(std::string_view text);

inline constexpr std::size_t kChallengeSize = 16;      // RND.IC and RND.IFD
inline constexpr std::size_t kKeyMaterialSize = 16;    // K.IFD and K.IC
inline constexpr std::size_t kAuthCryptogramSize = 56; // 48 encrypted + 8 MAC
inline constexpr std::size_t kKeyCheckValueSize = 3;

// Plain data per UPDATE/READ BINARY: the most that keeps every hop a short
// APDU. 223 bytes pad to 224; the protected UPDATE is 4 + 1 + (4 + 224) +
// 10 + 1 = 244 bytes, which WRAP must return within Le 256 (224..239 bytes
// pad to 240 and would make 260). The protected READ answer is (4 + 224) +
// 4 + 10 + 2 = 244 bytes, which UNWRAP must take within Lc 255.
inline constexpr std::size_t kChunkSize = 223;
// READ/UPDATE BINARY offsets travel in 15 bits of P1 P2.
inline constexpr std::size_t kMaxOffset = 0x7FFF;

inline constexpr unsigned kActivationAttemptLimit = 3;

enum class LifeCycle : std::uint8_t
{
    blank = 0x01,         // ISO 7816-4 "creation"
    personalising = 0x03, // "initialisation": data groups writable
    locked = 0x05,        // "operational (activated)": data groups read-only
};
std::string_view name_of(LifeCycle state) noexcept;
bool is_life_cycle_byte(std::uint8_t value) noexcept;

enum class DataGroup
{
    biographic,
    face,
    right_index,
    left_index,
    signature,
};

struct DataGroupLayout
{
    DataGroup group;
    std::string_view name; // as in logs and the control socket
    std::uint16_t file_id;
    std::uint8_t tag; // the BER-TLV template wrapping the EF's content
    std::size_t capacity;
};

inline constexpr std::array<DataGroupLayout, 5> kDataGroups{{
    {DataGroup::biographic, "biographic", 0x0101, 0x61, 2048},
    {DataGroup::face, "face", 0x0102, 0x75, 32000},
    {DataGroup::right_index, "right_index", 0x0103, 0x63, 2048},
    {DataGroup::left_index, "left_index", 0x0104, 0x64, 2048},
    {DataGroup::signature, "signature", 0x0105, 0x67, 8192},
}};

const DataGroupLayout& layout_of(DataGroup group) noexcept;
// The data group stored in file `file_id`; nullptr for other files.
const DataGroupLayout* data_group_with_file_id(std::uint16_t file_id) noexcept;

// True when the chip's answer is SM's own refusal (the chip could not
// verify or could not find the SM objects), which comes back unprotected.
constexpr bool is_secure_messaging_refusal(std::uint16_t status)
{
    return status == 0x6987 || status == 0x6988;
}

} // namespace ktpel::chip
