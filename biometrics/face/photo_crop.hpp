// SPDX-License-Identifier: Apache-2.0
// Cropping a portrait to the card's photo box. The KTP-el box is 3:4
// portrait; the ratio is a parameter so another document's can be used.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include "common/rgb_image.hpp"

namespace ktpel::biometrics::face {

struct AspectRatio
{
    std::uint32_t width = 3;
    std::uint32_t height = 4;
};

inline constexpr AspectRatio kKtpElPhotoRatio{3, 4};

struct CropBox
{
    std::uint32_t x = 0, y = 0, width = 0, height = 0;
};

class CropError : public std::invalid_argument
{
public:
    using std::invalid_argument::invalid_argument;
};

// The largest box of exactly `ratio` (width * ratio.height == height *
// ratio.width) inside the image, centred horizontally and vertically.
CropBox crop_box_for(std::uint32_t width, std::uint32_t height, AspectRatio ratio);
RgbImage crop(const RgbImage& image, const CropBox& box);
// Decode, crop to the ratio, re-encode at `quality`.
std::vector<std::uint8_t> crop_jpeg_to_ratio(std::span<const std::uint8_t> jpeg,
                                             AspectRatio ratio = kKtpElPhotoRatio,
                                             int quality = 92);

} // namespace ktpel::biometrics::face
