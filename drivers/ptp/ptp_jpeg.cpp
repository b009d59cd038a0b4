// SPDX-License-Identifier: Apache-2.0
#include "ptp_jpeg.hpp"

#include <memory>
#include <string>

#include <turbojpeg.h>

namespace ktpel::ptp {
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

TjHandle open_decompressor()
{
    TjHandle handle(tjInitDecompress());
    if (!handle)
        throw JpegError(std::string("cannot create a JPEG decompressor: ") +
                        tjGetErrorStr2(nullptr));
    return handle;
}

[[noreturn]] void fail(void* handle, const char* doing)
{
    throw JpegError(std::string(doing) + ": " + tjGetErrorStr2(handle));
}

unsigned long size_of(std::span<const std::uint8_t> jpeg)
{
    if (jpeg.empty())
        throw JpegError("empty JPEG");
    return static_cast<unsigned long>(jpeg.size());
}

} // namespace

JpegGeometry read_jpeg_geometry(std::span<const std::uint8_t> jpeg)
{
    const auto handle = open_decompressor();
    int width = 0, height = 0, subsampling = 0, colourspace = 0;
    if (tjDecompressHeader3(handle.get(), jpeg.data(), size_of(jpeg), &width, &height, &subsampling,
                            &colourspace) != 0)
        fail(handle.get(), "reading the JPEG header");
    return {static_cast<std::uint32_t>(width), static_cast<std::uint32_t>(height)};
}

drivers::RasterImage decode_jpeg_luminance(std::span<const std::uint8_t> jpeg)
{
    const auto handle = open_decompressor();
    int width = 0, height = 0, subsampling = 0, colourspace = 0;
    if (tjDecompressHeader3(handle.get(), jpeg.data(), size_of(jpeg), &width, &height, &subsampling,
                            &colourspace) != 0)
        fail(handle.get(), "reading the JPEG header");
    drivers::RasterImage image;
    image.width = static_cast<std::uint32_t>(width);
    image.height = static_cast<std::uint32_t>(height);
    image.pixels.resize(std::size_t{image.width} * image.height);
    // A warning (e.g. a truncated scan padded with grey) is a broken photo.
    if (tjDecompress2(handle.get(), jpeg.data(), size_of(jpeg), image.pixels.data(), width, 0,
                      height, TJPF_GRAY, TJFLAG_ACCURATEDCT | TJFLAG_STOPONWARNING) != 0)
        fail(handle.get(), "decoding the JPEG");
    return image;
}

std::vector<std::uint8_t> encode_rgb_jpeg(std::span<const std::uint8_t> rgb, std::uint32_t width,
                                          std::uint32_t height, int quality)
{
    if (width == 0 || height == 0 || rgb.size() != std::size_t{width} * height * 3)
        throw JpegError("RGB buffer does not match its geometry");
    TjHandle handle(tjInitCompress());
    if (!handle)
        throw JpegError(std::string("cannot create a JPEG compressor: ") + tjGetErrorStr2(nullptr));
    unsigned char* output = nullptr;
    unsigned long output_size = 0;
    const int result =
        tjCompress2(handle.get(), rgb.data(), static_cast<int>(width), 0, static_cast<int>(height),
                    TJPF_RGB, &output, &output_size, TJSAMP_420, quality, TJFLAG_ACCURATEDCT);
    const TjBuffer owned(output); // freed whatever the result
    if (result != 0)
        fail(handle.get(), "encoding the JPEG");
    return {owned.get(), owned.get() + output_size};
}

} // namespace ktpel::ptp
