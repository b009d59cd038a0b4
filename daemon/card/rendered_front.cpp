// SPDX-License-Identifier: Apache-2.0
#include "rendered_front.hpp"

#include <cstdint>
#include <stdexcept>

#include "common/cairo_handles.hpp"

namespace ktpel::card {

RgbImage RenderedFront::proof() const
{
    RgbImage out = colour;
    const std::uint8_t ink[3] = {black_ink.r, black_ink.g, black_ink.b};
    for (std::size_t i = 0; i < black.value.size() && 3 * i + 2 < out.rgb.size(); ++i) {
        const unsigned k = black.value[i];
        for (int c = 0; c < 3; ++c) {
            auto& v = out.rgb[3 * i + c];
            v = static_cast<std::uint8_t>((v * (255 - k) + ink[c] * k + 127) / 255);
        }
    }
    return out;
}

void RenderedFront::write_png(const std::string& path) const
{
    const auto image = proof();
    CairoSurface surface(cairo_image_surface_create(
        CAIRO_FORMAT_RGB24, static_cast<int>(image.width), static_cast<int>(image.height)));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error("cannot create the proof image");
    cairo_surface_flush(surface.get());
    auto* data = cairo_image_surface_get_data(surface.get());
    const auto stride = cairo_image_surface_get_stride(surface.get());
    for (std::uint32_t y = 0; y < image.height; ++y) {
        auto* row = reinterpret_cast<std::uint32_t*>(data + y * stride);
        for (std::uint32_t x = 0; x < image.width; ++x) {
            const auto* p = &image.rgb[3 * (y * image.width + x)];
            row[x] = 0xff000000u | (std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2];
        }
    }
    cairo_surface_mark_dirty(surface.get());
    const auto status = cairo_surface_write_to_png(surface.get(), path.c_str());
    if (status != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error("cannot write " + path + ": " + cairo_status_to_string(status));
}

} // namespace ktpel::card
