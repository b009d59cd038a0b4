// SPDX-License-Identifier: Apache-2.0
// JPEG in and out through libjpeg-turbo's TurboJPEG API: the camera driver
// reads the camera's photo as grey, the face checks as colour, and the
// camera emulator and the chip portrait encode.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include "raster_image.hpp"
#include "rgb_image.hpp"

namespace ktpel {

// Bytes that are not a JPEG this library can decode, or an encode failure.
class JpegCodecError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct JpegGeometry
{
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};

// The header only: cheaper than a decode when the size is all that matters.
JpegGeometry read_jpeg_geometry(std::span<const std::uint8_t> jpeg);
RgbImage decode_jpeg(std::span<const std::uint8_t> jpeg);
// Luminance of a colour (or grey) JPEG; ppi 0 (a camera has no fixed one).
RasterImage decode_jpeg_luminance(std::span<const std::uint8_t> jpeg);
// rgb: 3 bytes a pixel, row-major, no padding. quality 1..100; 4:2:0
// chroma, as cameras do.
std::vector<std::uint8_t> encode_jpeg(std::span<const std::uint8_t> rgb, std::uint32_t width,
                                      std::uint32_t height, int quality);
inline std::vector<std::uint8_t> encode_jpeg(const RgbImage& image, int quality)
{
    return encode_jpeg(image.pixels, image.width, image.height, quality);
}

} // namespace ktpel
