// SPDX-License-Identifier: Apache-2.0
// The state of the skin (and its contact) for one impression.
#pragma once

#include <string_view>

namespace ktpel::sim::fingerprint {

enum class SkinCondition
{
    Normal,
    Dry,     // broken, faint, thin ridges
    Wet,     // ridges swollen and merged, dark
    Smudged, // smeared by a slip and blurred
    Partial, // only part of the fingertip touches
};

std::string_view skin_condition_name(SkinCondition condition);
// "normal", "dry", "wet", "smudged", "partial"; throws
// std::invalid_argument for anything else.
SkinCondition skin_condition_from_name(std::string_view name);

} // namespace ktpel::sim::fingerprint
