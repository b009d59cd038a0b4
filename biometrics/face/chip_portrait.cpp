// SPDX-License-Identifier: Apache-2.0
#include "chip_portrait.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/jpeg_codec.hpp"

namespace ktpel::biometrics::face {
namespace {

// Box filter: every output pixel averages the source pixels it covers,
// which keeps a 5x reduction free of aliasing without a resampling library.
RgbImage shrink(const RgbImage& source, std::uint32_t width)
{
    if (source.width <= width)
        return source;
    const std::uint32_t height = std::max<std::uint32_t>(
        1, static_cast<std::uint32_t>(std::uint64_t{source.height} * width / source.width));
    RgbImage out{width, height, std::vector<std::uint8_t>(std::size_t{width} * height * 3)};
    for (std::uint32_t y = 0; y < height; ++y) {
        const std::uint32_t y0 = y * source.height / height;
        const std::uint32_t y1 = std::max(y0 + 1, (y + 1) * source.height / height);
        for (std::uint32_t x = 0; x < width; ++x) {
            const std::uint32_t x0 = x * source.width / width;
            const std::uint32_t x1 = std::max(x0 + 1, (x + 1) * source.width / width);
            std::uint64_t sum[3] = {0, 0, 0};
            for (std::uint32_t sy = y0; sy < y1; ++sy)
                for (std::uint32_t sx = x0; sx < x1; ++sx)
                    for (int c = 0; c < 3; ++c)
                        sum[c] += source.pixels[(std::size_t{sy} * source.width + sx) * 3 + c];
            const std::uint64_t count = std::uint64_t{y1 - y0} * (x1 - x0);
            for (int c = 0; c < 3; ++c)
                out.pixels[(std::size_t{y} * width + x) * 3 + c] =
                    static_cast<std::uint8_t>(sum[c] / count);
        }
    }
    return out;
}

} // namespace

std::vector<std::uint8_t> chip_portrait(std::span<const std::uint8_t> portrait_jpeg,
                                        std::size_t max_bytes)
{
    const auto small = shrink(decode_jpeg(portrait_jpeg), kChipPortraitWidth);
    for (int quality = 85; quality >= 30; quality -= 10) {
        auto jpeg = encode_jpeg(small, quality);
        if (jpeg.size() <= max_bytes)
            return jpeg;
    }
    throw std::length_error("the portrait does not fit in " + std::to_string(max_bytes) +
                            " bytes even at JPEG quality 30");
}

} // namespace ktpel::biometrics::face
