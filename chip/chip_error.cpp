// SPDX-License-Identifier: Apache-2.0
#include "chip_error.hpp"

namespace ktpel::chip {

ChipError::ChipError(Kind kind, const std::string& message,
                     std::optional<std::uint16_t> status_word)
    : std::runtime_error(message), kind_(kind), status_word_(status_word)
{
}

std::string_view ChipError::reason() const noexcept
{
    return name_of(kind_);
}

std::string_view name_of(ChipError::Kind kind) noexcept
{
    using Kind = ChipError::Kind;
    switch (kind) {
    case Kind::no_card:
        return "no_card";
    case Kind::card_removed:
        return "card_removed";
    case Kind::reader_gone:
        return "reader_gone";
    case Kind::cancelled:
        return "cancelled";
    case Kind::io:
        return "io";
    case Kind::sam_unavailable:
        return "sam_unavailable";
    case Kind::not_ktpel:
        return "not_ktpel";
    case Kind::wrong_sam:
        return "wrong_sam";
    case Kind::authentication_failed:
        return "authentication_failed";
    case Kind::secure_messaging:
        return "secure_messaging";
    case Kind::locked:
        return "locked";
    case Kind::not_locked:
        return "not_locked";
    case Kind::incomplete:
        return "incomplete";
    case Kind::already_activated:
        return "already_activated";
    case Kind::activation_blocked:
        return "activation_blocked";
    case Kind::data_too_large:
        return "data_too_large";
    case Kind::verify_failed:
        return "verify_failed";
    case Kind::card_error:
        return "card_error";
    }
    return "unknown";
}

} // namespace ktpel::chip
