// SPDX-License-Identifier: Apache-2.0
// The face image the KTP-el chip carries: the card portrait made small
// enough for the chip's face data group, as ICAO-style chips hold a
// compact JPEG rather than the enrolment photo.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace ktpel::biometrics::face {

inline constexpr std::uint32_t kChipPortraitWidth = 240; // 3:4, 240 x 320

// Scales `portrait_jpeg` (area average) to kChipPortraitWidth wide and
// encodes it at the best JPEG quality from 85 down that fits in
// `max_bytes`. Throws JpegCodecError for a bad JPEG, std::length_error
// when even the lowest quality does not fit.
std::vector<std::uint8_t> chip_portrait(std::span<const std::uint8_t> portrait_jpeg,
                                        std::size_t max_bytes);

} // namespace ktpel::biometrics::face
