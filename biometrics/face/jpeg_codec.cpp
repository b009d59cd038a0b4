// SPDX-License-Identifier: Apache-2.0
#include "jpeg_codec.hpp"

#include <memory>
#include <string>

#include <turbojpeg.h>

namespace ktpel::biometrics::face {
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

} // namespace

RgbImage decode_jpeg(std::span<const std::uint8_t> jpeg)
{
    if (jpeg.empty())
        throw JpegCodecError("empty JPEG");
    const TjHandle handle(tjInitDecompress());
    if (!handle)
        fail(nullptr, "creating a JPEG decompressor");
    int width = 0, height = 0, subsampling = 0, colourspace = 0;
    const auto size = static_cast<unsigned long>(jpeg.size());
    if (tjDecompressHeader3(handle.get(), jpeg.data(), size, &width, &height, &subsampling,
                            &colourspace) != 0)
        fail(handle.get(), "reading the JPEG header");
    RgbImage image;
    image.width = static_cast<std::uint32_t>(width);
    image.height = static_cast<std::uint32_t>(height);
    image.pixels.resize(std::size_t{image.width} * image.height * 3);
    // Stop on warnings: a truncated photo must not be measured as if whole.
    if (tjDecompress2(handle.get(), jpeg.data(), size, image.pixels.data(), width, 0, height,
                      TJPF_RGB, TJFLAG_ACCURATEDCT | TJFLAG_STOPONWARNING) != 0)
        fail(handle.get(), "decoding the JPEG");
    return image;
}

std::vector<std::uint8_t> encode_jpeg(const RgbImage& image, int quality)
{
    if (image.width == 0 || image.height == 0 ||
        image.pixels.size() != std::size_t{image.width} * image.height * 3)
        throw JpegCodecError("RGB image does not match its geometry");
    if (quality < 1 || quality > 100)
        throw JpegCodecError("JPEG quality must be 1..100");
    const TjHandle handle(tjInitCompress());
    if (!handle)
        fail(nullptr, "creating a JPEG compressor");
    unsigned char* output = nullptr;
    unsigned long output_size = 0;
    const int result = tjCompress2(handle.get(), image.pixels.data(), static_cast<int>(image.width),
                                   0, static_cast<int>(image.height), TJPF_RGB, &output,
                                   &output_size, TJSAMP_420, quality, TJFLAG_ACCURATEDCT);
    const TjBuffer owned(output); // TurboJPEG's buffer, freed whatever happened
    if (result != 0)
        fail(handle.get(), "encoding the JPEG");
    return {owned.get(), owned.get() + output_size};
}

} // namespace ktpel::biometrics::face
