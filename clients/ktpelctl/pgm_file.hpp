// SPDX-License-Identifier: Apache-2.0
// Writes an 8-bit greyscale image as a binary PGM (P5) file, all or nothing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <span>

namespace ktpelctl {

// Opened before the capture starts, so an unwritable path fails before a
// subject has to put fingers on the scanner. The image goes to a
// ".part" file renamed over the target on commit(), so an interrupted run
// never leaves a truncated image that looks like a real one. Throws
// LocalIoError.
class PgmFile
{
public:
    explicit PgmFile(std::filesystem::path target);
    ~PgmFile();
    PgmFile(const PgmFile&) = delete;
    PgmFile& operator=(const PgmFile&) = delete;

    // `pixels` row-major, top row first, width * height bytes, 0 = black.
    void write(std::uint32_t width, std::uint32_t height, std::span<const std::uint8_t> pixels);
    void commit();

    const std::filesystem::path& target() const noexcept { return target_; }

private:
    std::filesystem::path target_;
    std::filesystem::path partial_;
    std::ofstream out_;
    bool committed_ = false;
};

} // namespace ktpelctl
