// SPDX-License-Identifier: Apache-2.0
// Writes an 8-bit greyscale image as a binary PGM (P5) file, all or nothing.
#pragma once

#include <cstdint>
#include <span>

#include "atomic_file.hpp"

namespace ktpelctl {

// Opened before the capture starts, so an unwritable path fails before a
// subject has to put fingers on the scanner. Throws LocalIoError.
class PgmFile
{
public:
    explicit PgmFile(std::filesystem::path target,
                     AtomicFile::Access access = AtomicFile::Access::usual)
        : file_(std::move(target), access)
    {
    }

    // `pixels` row-major, top row first, width * height bytes, 0 = black.
    void write(std::uint32_t width, std::uint32_t height, std::span<const std::uint8_t> pixels);
    void commit() { file_.commit(); }

    const std::filesystem::path& target() const noexcept { return file_.target(); }

private:
    AtomicFile file_;
};

} // namespace ktpelctl
