// SPDX-License-Identifier: Apache-2.0
// Binary 8-bit PGM (P5): the simplest file any image viewer opens, so
// generated and captured grey images can be looked at, and the one a
// technician hands ktpelctl as a photo.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <vector>

#include "raster_image.hpp"

namespace ktpel {

// An image whose pixel count does not match its size, bytes that are not a
// binary 8-bit PGM (what() says why), or a file that cannot be written.
class PgmCodecError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// `pixels` row-major, top row first, width * height bytes, 0 = black;
// neither side may be 0.
std::vector<std::uint8_t> encode_pgm(std::uint32_t width, std::uint32_t height,
                                     std::span<const std::uint8_t> pixels);
inline std::vector<std::uint8_t> encode_pgm(const RasterImage& image)
{
    return encode_pgm(image.width, image.height, image.pixels);
}

// "P5", width, height, maximum value 255, with whitespace and # comments
// between them, one whitespace byte, then exactly width * height bytes.
// ppi 0: PGM has no resolution.
RasterImage decode_pgm(std::span<const std::uint8_t> pgm);

// encode_pgm() to a file, replacing it.
void write_pgm(const RasterImage& image, const std::filesystem::path& path);

} // namespace ktpel
