// SPDX-License-Identifier: Apache-2.0
#include "pgm_file.hpp"

#include <fstream>
#include <string>

namespace ktpel::sim::iris {

void write_pgm(const drivers::RasterImage& image, const std::filesystem::path& path)
{
    const auto expected = static_cast<std::size_t>(image.width) * image.height;
    if (image.width == 0 || image.height == 0 || image.pixels.size() != expected)
        throw PgmWriteError("raster size does not match its dimensions: " + path.string());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        throw PgmWriteError("cannot open for writing: " + path.string());
    out << "P5\n" << image.width << ' ' << image.height << "\n255\n";
    out.write(reinterpret_cast<const char*>(image.pixels.data()),
              static_cast<std::streamsize>(image.pixels.size()));
    if (!out)
        throw PgmWriteError("write failed: " + path.string());
}

} // namespace ktpel::sim::iris
