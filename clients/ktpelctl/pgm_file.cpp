// SPDX-License-Identifier: Apache-2.0
#include "pgm_file.hpp"

#include <stdexcept>
#include <string>

namespace ktpelctl {

void PgmFile::write(std::uint32_t width, std::uint32_t height, std::span<const std::uint8_t> pixels)
{
    if (pixels.size() != std::uint64_t{width} * height)
        throw std::invalid_argument("PGM pixel count " + std::to_string(pixels.size()) +
                                    " is not " + std::to_string(width) + "x" +
                                    std::to_string(height));
    const std::string header =
        "P5\n" + std::to_string(width) + ' ' + std::to_string(height) + "\n255\n";
    file_.write({reinterpret_cast<const std::uint8_t*>(header.data()), header.size()});
    file_.write(pixels);
}

} // namespace ktpelctl
