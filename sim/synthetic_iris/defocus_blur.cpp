// SPDX-License-Identifier: Apache-2.0
#include "defocus_blur.hpp"

#include <algorithm>
#include <cmath>

namespace ktpel::sim::iris {

void apply_defocus_blur(std::vector<double>& frame, std::uint32_t width, std::uint32_t height,
                        double sigma_px)
{
    if (sigma_px <= 0.0 || width == 0 || height == 0)
        return;
    const int radius = static_cast<int>(std::ceil(3.0 * sigma_px));
    std::vector<double> kernel(static_cast<std::size_t>(2 * radius + 1));
    double sum = 0.0;
    for (int i = -radius; i <= radius; ++i) {
        const double w = std::exp(-0.5 * (i * i) / (sigma_px * sigma_px));
        kernel[static_cast<std::size_t>(i + radius)] = w;
        sum += w;
    }
    for (auto& w : kernel)
        w /= sum;

    const int w = static_cast<int>(width);
    const int h = static_cast<int>(height);
    std::vector<double> pass(frame.size());
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            double acc = 0.0;
            for (int k = -radius; k <= radius; ++k) {
                const int sx = std::clamp(x + k, 0, w - 1);
                acc += kernel[static_cast<std::size_t>(k + radius)] *
                       frame[static_cast<std::size_t>(y * w + sx)];
            }
            pass[static_cast<std::size_t>(y * w + x)] = acc;
        }
    }
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            double acc = 0.0;
            for (int k = -radius; k <= radius; ++k) {
                const int sy = std::clamp(y + k, 0, h - 1);
                acc += kernel[static_cast<std::size_t>(k + radius)] *
                       pass[static_cast<std::size_t>(sy * w + x)];
            }
            frame[static_cast<std::size_t>(y * w + x)] = acc;
        }
    }
}

} // namespace ktpel::sim::iris
