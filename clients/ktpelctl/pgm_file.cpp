// SPDX-License-Identifier: Apache-2.0
#include "pgm_file.hpp"

#include <cerrno>
#include <cstring>
#include <string>

#include "errors.hpp"

namespace ktpelctl {
namespace {

std::string failure(const std::string& what, const std::filesystem::path& path)
{
    return what + " " + path.string() + ": " + std::strerror(errno);
}

} // namespace

PgmFile::PgmFile(std::filesystem::path target)
    : target_(std::move(target)), partial_(target_.string() + ".part")
{
    errno = 0;
    out_.open(partial_, std::ios::binary | std::ios::trunc);
    if (!out_)
        throw LocalIoError(failure("cannot create", partial_) + " (to become " + target_.string() +
                           ")");
}

PgmFile::~PgmFile()
{
    if (committed_)
        return;
    out_.close();
    std::error_code ignored;
    std::filesystem::remove(partial_, ignored);
}

void PgmFile::write(std::uint32_t width, std::uint32_t height, std::span<const std::uint8_t> pixels)
{
    if (pixels.size() != std::uint64_t{width} * height) {
        throw std::invalid_argument("PGM pixel count " + std::to_string(pixels.size()) +
                                    " is not " + std::to_string(width) + "x" +
                                    std::to_string(height));
    }
    errno = 0;
    out_ << "P5\n" << width << ' ' << height << "\n255\n";
    out_.write(reinterpret_cast<const char*>(pixels.data()),
               static_cast<std::streamsize>(pixels.size()));
    out_.flush();
    if (!out_)
        throw LocalIoError(failure("cannot write", partial_));
}

void PgmFile::commit()
{
    errno = 0;
    out_.close();
    if (!out_)
        throw LocalIoError(failure("cannot write", partial_));
    std::error_code error;
    std::filesystem::rename(partial_, target_, error);
    if (error) {
        throw LocalIoError("cannot rename " + partial_.string() + " to " + target_.string() + ": " +
                           error.message());
    }
    committed_ = true;
}

} // namespace ktpelctl
