// SPDX-License-Identifier: Apache-2.0
#include "photo_crop.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "common/jpeg_codec.hpp"

namespace ktpel::biometrics::face {

CropBox crop_box_for(std::uint32_t width, std::uint32_t height, AspectRatio ratio)
{
    if (ratio.width == 0 || ratio.height == 0)
        throw CropError("aspect ratio terms must be positive");
    // Reduced, so 6:8 gives the same box as 3:4.
    const std::uint32_t common = std::gcd(ratio.width, ratio.height);
    const std::uint32_t rw = ratio.width / common, rh = ratio.height / common;
    // Whole multiples of the reduced ratio keep it exact in integer pixels.
    const std::uint32_t units = std::min(width / rw, height / rh);
    if (units == 0)
        throw CropError("image too small for the aspect ratio");
    CropBox box;
    box.width = units * rw;
    box.height = units * rh;
    box.x = (width - box.width) / 2;
    box.y = (height - box.height) / 2;
    return box;
}

RgbImage crop(const RgbImage& image, const CropBox& box)
{
    if (box.width == 0 || box.height == 0 || box.x + box.width > image.width ||
        box.y + box.height > image.height)
        throw CropError("crop box outside the image");
    RgbImage out;
    out.width = box.width;
    out.height = box.height;
    out.pixels.resize(std::size_t{box.width} * box.height * 3);
    for (std::uint32_t row = 0; row < box.height; ++row)
        std::memcpy(&out.pixels[std::size_t{row} * box.width * 3],
                    &image.pixels[(std::size_t{box.y + row} * image.width + box.x) * 3],
                    std::size_t{box.width} * 3);
    return out;
}

std::vector<std::uint8_t> crop_jpeg_to_ratio(std::span<const std::uint8_t> jpeg, AspectRatio ratio,
                                             int quality)
{
    const RgbImage image = decode_jpeg(jpeg);
    return encode_jpeg(crop(image, crop_box_for(image.width, image.height, ratio)), quality);
}

} // namespace ktpel::biometrics::face
