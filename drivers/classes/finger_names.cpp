// SPDX-License-Identifier: Apache-2.0
#include "finger_names.hpp"

#include <array>

namespace ktpel::drivers {
namespace {

// Index = ISO/IEC 19794-2 finger position code.
constexpr std::array<std::string_view, 11> kNames = {
    "",           "right_thumb", "right_index", "right_middle", "right_ring",  "right_little",
    "left_thumb", "left_index",  "left_middle", "left_ring",    "left_little",
};

} // namespace

std::optional<int> finger_code_from_name(std::string_view name) noexcept
{
    for (int code = 1; code <= 10; ++code) {
        if (kNames[code] == name)
            return code;
    }
    return std::nullopt;
}

std::string_view finger_name_of_code(int code) noexcept
{
    return code >= 1 && code <= 10 ? kNames[code] : std::string_view{};
}

} // namespace ktpel::drivers
