// SPDX-License-Identifier: Apache-2.0
#include <array>
#include <utility>

#include <ktpel/error_code.hpp>

namespace ktpel {
namespace {

constexpr std::array kNames = {
    std::pair{ErrorCode::bad_request, std::string_view{"bad_request"}},
    std::pair{ErrorCode::unsupported_version, std::string_view{"unsupported_version"}},
    std::pair{ErrorCode::unknown_op, std::string_view{"unknown_op"}},
    std::pair{ErrorCode::invalid_args, std::string_view{"invalid_args"}},
    std::pair{ErrorCode::too_large, std::string_view{"too_large"}},
    std::pair{ErrorCode::too_many_requests, std::string_view{"too_many_requests"}},
    std::pair{ErrorCode::unauthenticated, std::string_view{"unauthenticated"}},
    std::pair{ErrorCode::forbidden, std::string_view{"forbidden"}},
    std::pair{ErrorCode::rate_limited, std::string_view{"rate_limited"}},
    std::pair{ErrorCode::sop_order, std::string_view{"sop_order"}},
    std::pair{ErrorCode::not_found, std::string_view{"not_found"}},
    std::pair{ErrorCode::device_absent, std::string_view{"device_absent"}},
    std::pair{ErrorCode::device_busy, std::string_view{"device_busy"}},
    std::pair{ErrorCode::device_error, std::string_view{"device_error"}},
    std::pair{ErrorCode::no_subject, std::string_view{"no_subject"}},
    std::pair{ErrorCode::timeout, std::string_view{"timeout"}},
    std::pair{ErrorCode::cancelled, std::string_view{"cancelled"}},
    std::pair{ErrorCode::shutting_down, std::string_view{"shutting_down"}},
    std::pair{ErrorCode::resource_exhausted, std::string_view{"resource_exhausted"}},
    std::pair{ErrorCode::internal, std::string_view{"internal"}},
    std::pair{ErrorCode::card_error, std::string_view{"card_error"}},
};

} // namespace

std::string_view to_string(ErrorCode code) noexcept
{
    for (const auto& [value, name] : kNames) {
        if (value == code)
            return name;
    }
    return "internal";
}

std::optional<ErrorCode> error_code_from_string(std::string_view text) noexcept
{
    for (const auto& [value, name] : kNames) {
        if (name == text)
            return value;
    }
    return std::nullopt;
}

} // namespace ktpel
