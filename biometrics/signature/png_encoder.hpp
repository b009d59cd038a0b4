// SPDX-License-Identifier: Apache-2.0
// An 8-bit grey image as PNG bytes (8-bit greyscale), through cairo's PNG
// writer into memory: nothing touches the disk.
#pragma once

#include <cstdint>
#include <vector>

#include "common/raster_image.hpp"

namespace ktpel::biometrics::signature {

// Throws std::invalid_argument for an image whose pixel count does not
// match its size, CairoError when cairo fails.
std::vector<std::uint8_t> encode_png(const ktpel::RasterImage& image);

} // namespace ktpel::biometrics::signature
