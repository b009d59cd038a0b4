// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

namespace ktpel::drivers {

// 8-bit greyscale, row-major, no padding.
struct RasterImage
{
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::uint32_t ppi = 0; // 0 when the device has no fixed resolution (a camera)
    std::vector<std::uint8_t> pixels;
};

} // namespace ktpel::drivers
