// SPDX-License-Identifier: Apache-2.0
#include "pgm_codec.hpp"

#include <cctype>
#include <fstream>
#include <string>

namespace ktpel {
namespace {

bool is_space(std::uint8_t byte)
{
    return std::isspace(byte) != 0;
}

// Reads the header's fields in order, skipping whitespace and comments.
class HeaderReader
{
public:
    explicit HeaderReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

    // A positive decimal of at most 6 digits (no PGM we accept is larger).
    std::uint32_t number(const char* what)
    {
        skip_space();
        std::uint32_t value = 0;
        const auto start = at_;
        while (at_ < bytes_.size() && std::isdigit(bytes_[at_]) != 0 && at_ - start < 6)
            value = value * 10 + static_cast<std::uint32_t>(bytes_[at_++] - '0');
        if (at_ == start || value == 0)
            throw PgmCodecError(std::string("no ") + what);
        return value;
    }

    void skip(std::size_t count) { at_ += count; }
    std::size_t position() const noexcept { return at_; }

private:
    void skip_space()
    {
        while (at_ < bytes_.size()) {
            if (bytes_[at_] == '#') {
                while (at_ < bytes_.size() && bytes_[at_] != '\n')
                    ++at_;
            } else if (is_space(bytes_[at_])) {
                ++at_;
            } else {
                return;
            }
        }
    }

    std::span<const std::uint8_t> bytes_;
    std::size_t at_ = 0;
};

} // namespace

std::vector<std::uint8_t> encode_pgm(std::uint32_t width, std::uint32_t height,
                                     std::span<const std::uint8_t> pixels)
{
    if (width == 0 || height == 0 || pixels.size() != std::uint64_t{width} * height)
        throw PgmCodecError("PGM pixel count " + std::to_string(pixels.size()) + " is not " +
                            std::to_string(width) + "x" + std::to_string(height));
    const std::string header =
        "P5\n" + std::to_string(width) + ' ' + std::to_string(height) + "\n255\n";
    std::vector<std::uint8_t> pgm;
    pgm.reserve(header.size() + pixels.size());
    pgm.insert(pgm.end(), header.begin(), header.end());
    pgm.insert(pgm.end(), pixels.begin(), pixels.end());
    return pgm;
}

RasterImage decode_pgm(std::span<const std::uint8_t> pgm)
{
    if (pgm.size() < 2 || pgm[0] != 'P' || pgm[1] != '5')
        throw PgmCodecError("no P5 magic");
    HeaderReader header(pgm);
    header.skip(2);
    RasterImage image;
    image.width = header.number("width");
    image.height = header.number("height");
    if (header.number("maximum value") != 255)
        throw PgmCodecError("the maximum value must be 255");
    const auto at = header.position();
    if (at >= pgm.size() || !is_space(pgm[at]))
        throw PgmCodecError("no whitespace after the header");
    const auto pixels = pgm.subspan(at + 1);
    const auto size = std::size_t{image.width} * image.height;
    if (pixels.size() != size)
        throw PgmCodecError(std::to_string(pixels.size()) + " pixel bytes, " +
                            std::to_string(image.width) + "x" + std::to_string(image.height) +
                            " needs " + std::to_string(size));
    image.pixels.assign(pixels.begin(), pixels.end());
    return image;
}

void write_pgm(const RasterImage& image, const std::filesystem::path& path)
{
    const auto pgm = encode_pgm(image);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        throw PgmCodecError("cannot open for writing: " + path.string());
    out.write(reinterpret_cast<const char*>(pgm.data()), static_cast<std::streamsize>(pgm.size()));
    if (!out)
        throw PgmCodecError("write failed: " + path.string());
}

} // namespace ktpel
