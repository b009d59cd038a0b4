// SPDX-License-Identifier: Apache-2.0
#include "jpeg_codec.hpp"

#include <memory>
#include <string>

#include <turbojpeg.h>

namespace ktpel {
namespace {

struct TjHandleCloser
{
    void operator()(void* handle) const noexcept { tjDestroy(handle); }
};
using TjHandle = std::unique_ptr<void, TjHandleCloser>;

struct TjBufferFreer
{
    void operator()(unsigned char* buffer) const noexcept { tjFree(buffer); }
};
using TjBuffer = std::unique_ptr<unsigned char, TjBufferFreer>;

[[noreturn]] void fail(void* handle, const char* doing)
{
    throw JpegCodecError(std::string(doing) + ": " + tjGetErrorStr2(handle));
}

// A decompressor with the header read: every decode starts here.
struct OpenedJpeg
{
    TjHandle handle;
    unsigned long size = 0;
    int width = 0;
    int height = 0;
};

OpenedJpeg open_jpeg(std::span<const std::uint8_t> jpeg)
{
    if (jpeg.empty())
        throw JpegCodecError("empty JPEG");
    OpenedJpeg opened{TjHandle(tjInitDecompress()), static_cast<unsigned long>(jpeg.size())};
    if (!opened.handle)
        fail(nullptr, "creating a JPEG decompressor");
    int subsampling = 0, colourspace = 0;
    if (tjDecompressHeader3(opened.handle.get(), jpeg.data(), opened.size, &opened.width,
                            &opened.height, &subsampling, &colourspace) != 0)
        fail(opened.handle.get(), "reading the JPEG header");
    return opened;
}

void decode_into(const OpenedJpeg& opened, std::span<const std::uint8_t> jpeg, std::uint8_t* pixels,
                 int pixel_format)
{
    // Stop on warnings: a truncated photo (a scan padded with grey) must
    // not be measured as if whole.
    if (tjDecompress2(opened.handle.get(), jpeg.data(), opened.size, pixels, opened.width, 0,
                      opened.height, pixel_format, TJFLAG_ACCURATEDCT | TJFLAG_STOPONWARNING) != 0)
        fail(opened.handle.get(), "decoding the JPEG");
}

} // namespace

JpegGeometry read_jpeg_geometry(std::span<const std::uint8_t> jpeg)
{
    const auto opened = open_jpeg(jpeg);
    return {static_cast<std::uint32_t>(opened.width), static_cast<std::uint32_t>(opened.height)};
}

RgbImage decode_jpeg(std::span<const std::uint8_t> jpeg)
{
    const auto opened = open_jpeg(jpeg);
    RgbImage image;
    image.width = static_cast<std::uint32_t>(opened.width);
    image.height = static_cast<std::uint32_t>(opened.height);
    image.pixels.resize(std::size_t{image.width} * image.height * 3);
    decode_into(opened, jpeg, image.pixels.data(), TJPF_RGB);
    return image;
}

RasterImage decode_jpeg_luminance(std::span<const std::uint8_t> jpeg)
{
    const auto opened = open_jpeg(jpeg);
    RasterImage image;
    image.width = static_cast<std::uint32_t>(opened.width);
    image.height = static_cast<std::uint32_t>(opened.height);
    image.pixels.resize(std::size_t{image.width} * image.height);
    decode_into(opened, jpeg, image.pixels.data(), TJPF_GRAY);
    return image;
}

std::vector<std::uint8_t> encode_jpeg(std::span<const std::uint8_t> rgb, std::uint32_t width,
                                      std::uint32_t height, int quality)
{
    if (width == 0 || height == 0 || rgb.size() != std::size_t{width} * height * 3)
        throw JpegCodecError("RGB image does not match its geometry");
    if (quality < 1 || quality > 100)
        throw JpegCodecError("JPEG quality must be 1..100");
    const TjHandle handle(tjInitCompress());
    if (!handle)
        fail(nullptr, "creating a JPEG compressor");
    unsigned char* output = nullptr;
    unsigned long output_size = 0;
    const int result =
        tjCompress2(handle.get(), rgb.data(), static_cast<int>(width), 0, static_cast<int>(height),
                    TJPF_RGB, &output, &output_size, TJSAMP_420, quality, TJFLAG_ACCURATEDCT);
    const TjBuffer owned(output); // TurboJPEG's buffer, freed whatever happened
    if (result != 0)
        fail(handle.get(), "encoding the JPEG");
    return {owned.get(), owned.get() + output_size};
}

} // namespace ktpel
