// SPDX-License-Identifier: Apache-2.0
#include "png_decoder.hpp"

#include <cstring>
#include <stdexcept>

#include "common/cairo_handles.hpp"

namespace ktpel::biometrics::signature {
namespace {

struct Reading
{
    std::span<const std::uint8_t> bytes;
    std::size_t offset = 0;
};

cairo_status_t take(void* closure, unsigned char* data, unsigned int length)
{
    auto& reading = *static_cast<Reading*>(closure);
    if (reading.bytes.size() - reading.offset < length)
        return CAIRO_STATUS_READ_ERROR;
    std::memcpy(data, reading.bytes.data() + reading.offset, length);
    reading.offset += length;
    return CAIRO_STATUS_SUCCESS;
}

} // namespace

ktpel::RasterImage decode_png_grey(std::span<const std::uint8_t> png)
{
    Reading reading{png};
    CairoSurface surface(cairo_image_surface_create_from_png_stream(take, &reading));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        throw std::invalid_argument(std::string("not a PNG: ") +
                                    cairo_status_to_string(cairo_surface_status(surface.get())));
    cairo_surface_flush(surface.get());
    const auto format = cairo_image_surface_get_format(surface.get());
    const int width = cairo_image_surface_get_width(surface.get());
    const int height = cairo_image_surface_get_height(surface.get());
    const int stride = cairo_image_surface_get_stride(surface.get());
    const unsigned char* data = cairo_image_surface_get_data(surface.get());
    ktpel::RasterImage image;
    image.width = static_cast<std::uint32_t>(width);
    image.height = static_cast<std::uint32_t>(height);
    image.pixels.resize(static_cast<std::size_t>(width) * height);
    for (int y = 0; y < height; ++y) {
        const unsigned char* row = data + static_cast<std::ptrdiff_t>(y) * stride;
        for (int x = 0; x < width; ++x) {
            std::uint8_t grey = 255;
            if (format == CAIRO_FORMAT_A8) {
                grey = row[x]; // our encoder's grey levels, value for value
            } else if (format == CAIRO_FORMAT_RGB24 || format == CAIRO_FORMAT_ARGB32) {
                std::uint32_t pixel = 0;
                std::memcpy(&pixel, row + 4 * x, 4);
                // Premultiplied: over white, a transparent pixel is white.
                const unsigned alpha = format == CAIRO_FORMAT_ARGB32 ? pixel >> 24 : 255;
                const unsigned r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;
                const unsigned luma = (299 * r + 587 * g + 114 * b) / 1000;
                grey = static_cast<std::uint8_t>(luma + (255 - alpha));
            } else {
                throw std::invalid_argument("unsupported PNG pixel format");
            }
            image.pixels[static_cast<std::size_t>(y) * width + x] = grey;
        }
    }
    return image;
}

} // namespace ktpel::biometrics::signature
