// SPDX-License-Identifier: Apache-2.0
#include "pgm_file.hpp"

#include "common/pgm_codec.hpp"

namespace ktpelctl {

void PgmFile::write(std::uint32_t width, std::uint32_t height, std::span<const std::uint8_t> pixels)
{
    file_.write(ktpel::encode_pgm(width, height, pixels));
}

} // namespace ktpelctl
