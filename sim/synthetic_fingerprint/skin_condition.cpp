// SPDX-License-Identifier: Apache-2.0
#include "skin_condition.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace ktpel::sim::fingerprint {

namespace {

constexpr std::array<std::string_view, 5> names = {"normal", "dry", "wet", "smudged", "partial"};

} // namespace

std::string_view skin_condition_name(SkinCondition condition)
{
    const auto index = static_cast<std::size_t>(condition);
    if (index >= names.size()) {
        throw std::invalid_argument("unknown skin condition");
    }
    return names[index];
}

SkinCondition skin_condition_from_name(std::string_view name)
{
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name) {
            return static_cast<SkinCondition>(i);
        }
    }
    throw std::invalid_argument("unknown skin condition: " + std::string(name));
}

} // namespace ktpel::sim::fingerprint
