// SPDX-License-Identifier: Apache-2.0
// The little JPEG work the device layer does, through libjpeg-turbo's
// TurboJPEG API: the camera driver turns the camera's file into the
// greyscale raster older callers read, and the emulator encodes the
// portraits it "shoots".
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include "common/raster_image.hpp"

namespace ktpel::ptp {

class JpegError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct JpegGeometry
{
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};

JpegGeometry read_jpeg_geometry(std::span<const std::uint8_t> jpeg);
// Luminance of a colour (or grey) JPEG; ppi 0 (a camera has no fixed one).
drivers::RasterImage decode_jpeg_luminance(std::span<const std::uint8_t> jpeg);
// rgb: 3 bytes a pixel, row-major, no padding. 4:2:0 chroma, as cameras do.
std::vector<std::uint8_t> encode_rgb_jpeg(std::span<const std::uint8_t> rgb, std::uint32_t width,
                                          std::uint32_t height, int quality);

} // namespace ktpel::ptp
