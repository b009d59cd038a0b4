// SPDX-License-Identifier: Apache-2.0
#include "png_encoder.hpp"

#include <cstring>
#include <stdexcept>

#include "common/cairo_handles.hpp"

namespace ktpel::biometrics::signature {
namespace {

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length)
{
    auto& bytes = *static_cast<std::vector<std::uint8_t>*>(closure);
    try {
        bytes.insert(bytes.end(), data, data + length);
    } catch (const std::bad_alloc&) {
        return CAIRO_STATUS_NO_MEMORY;
    }
    return CAIRO_STATUS_SUCCESS;
}

} // namespace

std::vector<std::uint8_t> encode_png(const ktpel::RasterImage& image)
{
    if (image.width == 0 || image.height == 0 ||
        image.pixels.size() != static_cast<std::size_t>(image.width) * image.height)
        throw std::invalid_argument("the image's pixels do not match its size");
    // Cairo writes an A8 surface as 8-bit greyscale, value for value, so
    // the grey levels go in as they are.
    const auto surface = make_image_surface(CAIRO_FORMAT_A8, static_cast<int>(image.width),
                                            static_cast<int>(image.height));
    cairo_surface_flush(surface.get());
    unsigned char* data = cairo_image_surface_get_data(surface.get());
    const int stride = cairo_image_surface_get_stride(surface.get());
    for (std::uint32_t y = 0; y < image.height; ++y)
        std::memcpy(data + static_cast<std::ptrdiff_t>(y) * stride,
                    image.pixels.data() + static_cast<std::size_t>(y) * image.width, image.width);
    cairo_surface_mark_dirty(surface.get());

    std::vector<std::uint8_t> png;
    check_cairo(cairo_surface_write_to_png_stream(surface.get(), append, &png), "writing the PNG");
    return png;
}

} // namespace ktpel::biometrics::signature
