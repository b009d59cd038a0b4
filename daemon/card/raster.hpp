// SPDX-License-Identifier: Apache-2.0
// Plain 8-bit rasters passed between the renderer, the separation and the
// caller: no library types, so callers need neither Cairo nor Pango.
#pragma once

#include <cstdint>
#include <vector>

namespace ktpel::card {

// An input picture (photo, signature): 1 channel (grey) or 3 (R, G, B),
// row-major, top row first, no padding.
struct Raster
{
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::uint8_t channels = 1;
    std::vector<std::uint8_t> pixels;
};

// A rendered card layer in R, G, B order, 3 bytes per dot.
struct RgbImage
{
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<std::uint8_t> rgb;
};

// Coverage per dot, 0 (nothing) .. 255 (fully covered).
struct GreyImage
{
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<std::uint8_t> value;
};

// A rectangle of dots, half-open: [x0, x1) x [y0, y1).
struct DotRect
{
    std::int32_t x0 = 0;
    std::int32_t y0 = 0;
    std::int32_t x1 = 0;
    std::int32_t y1 = 0;
    bool contains(std::int32_t x, std::int32_t y) const
    {
        return x >= x0 && x < x1 && y >= y0 && y < y1;
    }
};

} // namespace ktpel::card
