// SPDX-License-Identifier: Apache-2.0
#include "pgm_writer.hpp"

#include <fstream>
#include <stdexcept>

namespace ktpel::sim::fingerprint {

void write_pgm(const drivers::RasterImage& image, const std::filesystem::path& path)
{
    if (image.pixels.size() !=
        static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height)) {
        throw std::invalid_argument("write_pgm: pixel count does not match the image size");
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << "P5\n" << image.width << ' ' << image.height << "\n255\n";
    out.write(reinterpret_cast<const char*>(image.pixels.data()),
              static_cast<std::streamsize>(image.pixels.size()));
    if (!out) {
        throw std::runtime_error("write_pgm: cannot write " + path.string());
    }
}

} // namespace ktpel::sim::fingerprint
