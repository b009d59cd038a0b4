// SPDX-License-Identifier: Apache-2.0
#include "half_size.hpp"

#include <cstddef>

namespace ktpel::biometrics::signature {

ktpel::RasterImage half_size(const ktpel::RasterImage& image)
{
    ktpel::RasterImage half;
    half.width = image.width / 2;
    half.height = image.height / 2;
    half.ppi = image.ppi / 2;
    half.pixels.resize(std::size_t{half.width} * half.height);
    for (std::uint32_t y = 0; y < half.height; ++y)
        for (std::uint32_t x = 0; x < half.width; ++x) {
            const auto at = [&](std::uint32_t dx, std::uint32_t dy) {
                return image.pixels[std::size_t{2 * y + dy} * image.width + 2 * x + dx];
            };
            half.pixels[std::size_t{y} * half.width + x] =
                static_cast<std::uint8_t>((at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1)) / 4);
        }
    return half;
}

} // namespace ktpel::biometrics::signature
