// SPDX-License-Identifier: Apache-2.0
// The colour image the JPEG codec reads and writes: camera portraits and the
// face checks that measure them.
#pragma once

#include <cstdint>
#include <vector>

namespace ktpel {

// 8-bit sRGB, 3 bytes a pixel, row-major, no padding.
struct RgbImage
{
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<std::uint8_t> pixels;
};

} // namespace ktpel
