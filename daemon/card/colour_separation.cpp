// SPDX-License-Identifier: Apache-2.0
#include "colour_separation.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ktpel::card {
namespace {

constexpr std::uint8_t kColourLevels = 32;

drivers::Panel panel(std::uint32_t w, std::uint32_t h, std::uint8_t levels)
{
    return {w, h, levels, std::vector<std::uint8_t>(std::size_t{w} * h, 0)};
}

// Floyd-Steinberg on values in 0..1, left to right, top to bottom: the
// quantisation error of a dot is carried 7/16 right, 3/16 down-left, 5/16
// down, 1/16 down-right, so the local mean level is preserved.
void diffuse(std::vector<float>& v, std::uint32_t w, std::uint32_t h, drivers::Panel& out)
{
    const float top = static_cast<float>(out.levels - 1);
    for (std::uint32_t y = 0; y < h; ++y) {
        for (std::uint32_t x = 0; x < w; ++x) {
            const std::size_t i = std::size_t{y} * w + x;
            const float want = std::clamp(v[i], 0.0f, 1.0f) * top;
            const float got = std::round(want);
            out.dots[i] = static_cast<std::uint8_t>(got);
            const float err = (want - got) / top;
            if (x + 1 < w)
                v[i + 1] += err * 7 / 16;
            if (y + 1 < h) {
                if (x > 0)
                    v[i + w - 1] += err * 3 / 16;
                v[i + w] += err * 5 / 16;
                if (x + 1 < w)
                    v[i + w + 1] += err * 1 / 16;
            }
        }
    }
}

} // namespace

drivers::CardSide separate(const RgbImage& colour, const GreyImage& black,
                           const std::vector<DotRect>& overlay_clear,
                           const SeparationOptions& options)
{
    const auto w = colour.width;
    const auto h = colour.height;
    const std::size_t n = std::size_t{w} * h;
    if (colour.rgb.size() != n * 3 || black.width != w || black.height != h ||
        black.value.size() != n)
        throw std::invalid_argument("colour and black layers differ in size");

    drivers::CardSide side{panel(w, h, kColourLevels), panel(w, h, kColourLevels),
                           panel(w, h, kColourLevels), panel(w, h, 2), panel(w, h, 2)};
    std::vector<float> c(n), m(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
        const float ci = 1.0f - colour.rgb[3 * i] / 255.0f;
        const float mi = 1.0f - colour.rgb[3 * i + 1] / 255.0f;
        const float yi = 1.0f - colour.rgb[3 * i + 2] / 255.0f;
        const bool near_black = std::min({ci, mi, yi}) >= options.near_black;
        const bool text = black.value[i] >= options.black_threshold;
        side.black.dots[i] = (near_black || text) ? 1 : 0;
        // A near-black dot is all K; leaving its CMY would double the ink.
        c[i] = near_black ? 0 : ci;
        m[i] = near_black ? 0 : mi;
        y[i] = near_black ? 0 : yi;
    }
    diffuse(c, w, h, side.cyan);
    diffuse(m, w, h, side.magenta);
    diffuse(y, w, h, side.yellow);

    for (std::uint32_t row = 0; row < h; ++row)
        for (std::uint32_t x = 0; x < w; ++x) {
            const bool clear =
                std::any_of(overlay_clear.begin(), overlay_clear.end(), [&](const DotRect& r) {
                    return r.contains(static_cast<std::int32_t>(x), static_cast<std::int32_t>(row));
                });
            side.overlay.dots[std::size_t{row} * w + x] = clear ? 0 : 1;
        }
    return side;
}

} // namespace ktpel::card
