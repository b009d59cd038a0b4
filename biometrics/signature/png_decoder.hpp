// SPDX-License-Identifier: Apache-2.0
// A signature PNG back to grey pixels, for printing it on the card body
// (the held capture keeps the PNG; the printer wants a raster).
#pragma once

#include <cstdint>
#include <span>

#include "common/raster_image.hpp"

namespace ktpel::biometrics::signature {

// Any PNG cairo reads, as 8-bit grey (luma; transparent is white).
// Throws std::invalid_argument for bytes that are not a PNG.
ktpel::RasterImage decode_png_grey(std::span<const std::uint8_t> png);

} // namespace ktpel::biometrics::signature
