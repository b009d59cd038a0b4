// SPDX-License-Identifier: Apache-2.0
// Binary PGM (P5) output, for looking at generated images.
#pragma once

#include <filesystem>

#include "common/raster_image.hpp"

namespace ktpel::sim::fingerprint {

// Throws std::invalid_argument for an image whose pixel count does not
// match its size, std::runtime_error if the file cannot be written.
void write_pgm(const drivers::RasterImage& image, const std::filesystem::path& path);

} // namespace ktpel::sim::fingerprint
