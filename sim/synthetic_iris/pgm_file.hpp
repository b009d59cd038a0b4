// SPDX-License-Identifier: Apache-2.0
// Binary PGM (P5) output, so a developer can look at a synthetic eye with
// any image viewer.
#pragma once

#include <filesystem>
#include <stdexcept>

#include "common/raster_image.hpp"

namespace ktpel::sim::iris {

class PgmWriteError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// Throws PgmWriteError when the image is inconsistent or the file cannot be written.
void write_pgm(const drivers::RasterImage& image, const std::filesystem::path& path);

} // namespace ktpel::sim::iris
