// SPDX-License-Identifier: Apache-2.0
#include "activation_record.hpp"

#include <algorithm>
#include <chrono>

#include "ber_tlv.hpp"

namespace ktpel::chip {
namespace {

constexpr std::uint16_t kStatusTag = 0x80;
constexpr std::uint16_t kDateTag = 0x81;
constexpr std::uint16_t kFailedTag = 0x82;
constexpr std::uint16_t kLimitTag = 0x83;

std::uint8_t single_byte(const Tlv& item)
{
    if (item.value.size() != 1)
        throw TlvFormatError("an activation record counter is one byte");
    return item.value[0];
}

} // namespace

std::string_view name_of(ActivationRecord::Status status) noexcept
{
    switch (status) {
    case ActivationRecord::Status::not_activated:
        return "not_activated";
    case ActivationRecord::Status::activated:
        return "activated";
    case ActivationRecord::Status::blocked:
        return "blocked";
    }
    return "unknown";
}

bool is_activation_date(std::string_view text) noexcept
{
    if (text.size() != 8 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    const auto number = [&](std::size_t at, std::size_t count) {
        int value = 0;
        for (std::size_t i = at; i < at + count; ++i)
            value = value * 10 + (text[i] - '0');
        return value;
    };
    const std::chrono::year_month_day date{std::chrono::year{number(0, 4)},
                                           std::chrono::month{static_cast<unsigned>(number(4, 2))},
                                           std::chrono::day{static_cast<unsigned>(number(6, 2))}};
    return date.ok() && date.year() >= std::chrono::year{2000};
}

std::vector<std::uint8_t> encode_activation_record(const ActivationRecord& record)
{
    std::vector<std::uint8_t> body;
    const std::uint8_t status = static_cast<std::uint8_t>(record.status);
    append_tlv(body, kStatusTag, std::span(&status, 1));
    if (!record.date.empty())
        append_tlv(body, kDateTag,
                   std::span(reinterpret_cast<const std::uint8_t*>(record.date.data()),
                             record.date.size()));
    const std::uint8_t failed = static_cast<std::uint8_t>(std::min(record.failed_attempts, 255u));
    append_tlv(body, kFailedTag, std::span(&failed, 1));
    const std::uint8_t limit = static_cast<std::uint8_t>(std::min(record.attempt_limit, 255u));
    append_tlv(body, kLimitTag, std::span(&limit, 1));
    return encode_tlv(kActivationTag, body);
}

ActivationRecord decode_activation_record(std::span<const std::uint8_t> bytes)
{
    const Tlv outer = parse_single_tlv(bytes);
    if (outer.tag != kActivationTag)
        throw TlvFormatError("not an activation record");
    ActivationRecord record;
    bool has_status = false, has_failed = false, has_limit = false;
    for (const Tlv& item : parse_tlvs(outer.value)) {
        switch (item.tag) {
        case kStatusTag: {
            const auto status = single_byte(item);
            if (status > static_cast<std::uint8_t>(ActivationRecord::Status::blocked))
                throw TlvFormatError("unknown activation status");
            record.status = static_cast<ActivationRecord::Status>(status);
            has_status = true;
            break;
        }
        case kDateTag:
            record.date.assign(item.value.begin(), item.value.end());
            if (!is_activation_date(record.date))
                throw TlvFormatError("activation date is not YYYYMMDD");
            break;
        case kFailedTag:
            record.failed_attempts = single_byte(item);
            has_failed = true;
            break;
        case kLimitTag:
            record.attempt_limit = single_byte(item);
            has_limit = true;
            break;
        default:
            throw TlvFormatError("unknown tag in an activation record");
        }
    }
    if (!has_status || !has_failed || !has_limit)
        throw TlvFormatError("an activation record lacks status, counter or limit");
    if ((record.status == ActivationRecord::Status::activated) == record.date.empty())
        throw TlvFormatError("an activation date belongs to an activated record only");
    return record;
}

} // namespace ktpel::chip
