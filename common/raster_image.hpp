// SPDX-License-Identifier: Apache-2.0
// The image type every room shares: scanners and cameras produce it, the
// biometrics library reads it, the codecs write it.
#pragma once

#include <cstdint>
#include <vector>

namespace ktpel {

// 8-bit greyscale, row-major, no padding.
struct RasterImage
{
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::uint32_t ppi = 0; // 0 when the device has no fixed resolution (a camera)
    std::vector<std::uint8_t> pixels;
};

} // namespace ktpel

namespace ktpel::drivers {
// Drivers name it as one of their own (it is their capture result).
using ktpel::RasterImage;
} // namespace ktpel::drivers
