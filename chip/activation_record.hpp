// SPDX-License-Identifier: Apache-2.0
// The content of EF.Activation (0110): whether the holder's card has been
// activated, when, and how many activation attempts failed. The chip
// writes it (only through ACTIVATION); everybody else reads it.
//
//   70 L { 80 01 status  [81 08 "YYYYMMDD"]  82 01 failed  83 01 limit }
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chip_layout.hpp"

namespace ktpel::chip {

struct ActivationRecord
{
    enum class Status : std::uint8_t
    {
        not_activated = 0x00,
        activated = 0x01,
        blocked = 0x02, // the failed attempts reached the limit
    };
    Status status = Status::not_activated;
    std::string date; // "YYYYMMDD" when activated, else empty
    unsigned failed_attempts = 0;
    unsigned attempt_limit = kActivationAttemptLimit;

    bool operator==(const ActivationRecord&) const = default;
};

std::string_view name_of(ActivationRecord::Status status) noexcept;

std::vector<std::uint8_t> encode_activation_record(const ActivationRecord& record);
// Throws TlvFormatError for anything but a well-formed record.
ActivationRecord decode_activation_record(std::span<const std::uint8_t> bytes);

// Eight ASCII digits forming a plausible calendar date.
bool is_activation_date(std::string_view text) noexcept;

} // namespace ktpel::chip
