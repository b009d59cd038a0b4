// SPDX-License-Identifier: Apache-2.0
#include "ink_canvas.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "seeded_random.hpp"
#include "value_noise.hpp"

namespace ktpel::sim::fingerprint {

InkCanvas::InkCanvas(int width, int height) : width_(width), height_(height)
{
    if (width <= 0 || height <= 0) {
        throw std::invalid_argument("InkCanvas: size must be positive");
    }
    ink_.assign(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), 0.0F);
}

float InkCanvas::at(int x, int y) const
{
    if (x < 0 || y < 0 || x >= width_ || y >= height_) {
        return 0.0F;
    }
    return ink_[static_cast<std::size_t>(y) * width_ + x];
}

void InkCanvas::deposit(int x, int y, float ink)
{
    if (x < 0 || y < 0 || x >= width_ || y >= height_) {
        return;
    }
    float& here = ink_[static_cast<std::size_t>(y) * width_ + x];
    here = std::max(here, std::clamp(ink, 0.0F, 1.0F));
}

drivers::RasterImage InkCanvas::develop(std::uint64_t seed, std::uint32_t ppi) const
{
    SeededRandom random(seed);
    // Illumination varies slowly over the platen. Evaluating the noise on
    // a coarse grid and interpolating keeps a full slap cheap.
    constexpr int step = 16;
    const ValueNoise illumination(random.next_u64(), 300.0);
    const int grid_w = width_ / step + 2;
    const int grid_h = height_ / step + 2;
    std::vector<float> background(static_cast<std::size_t>(grid_w) * grid_h);
    const double base = random.uniform(226.0, 240.0);
    for (int gy = 0; gy < grid_h; ++gy) {
        for (int gx = 0; gx < grid_w; ++gx) {
            background[static_cast<std::size_t>(gy) * grid_w + gx] =
                static_cast<float>(base + 14.0 * (illumination.at(gx * step, gy * step) - 0.5));
        }
    }
    const auto ridge_grey = static_cast<float>(random.uniform(30.0, 50.0));
    const auto noise_sd = static_cast<float>(random.uniform(2.5, 4.0));

    drivers::RasterImage image;
    image.width = static_cast<std::uint32_t>(width_);
    image.height = static_cast<std::uint32_t>(height_);
    image.ppi = ppi;
    image.pixels.resize(ink_.size());
    for (int y = 0; y < height_; ++y) {
        const int gy = y / step;
        const float fy = static_cast<float>(y % step) / step;
        for (int x = 0; x < width_; ++x) {
            const int gx = x / step;
            const float fx = static_cast<float>(x % step) / step;
            const float* g = &background[static_cast<std::size_t>(gy) * grid_w + gx];
            const float top = g[0] + (g[1] - g[0]) * fx;
            const float bottom = g[grid_w] + (g[grid_w + 1] - g[grid_w]) * fx;
            const float light = top + (bottom - top) * fy;
            // Sensor noise: a sum of four uniforms (Irwin-Hall) is close
            // enough to Gaussian and costs one random word per pixel.
            const std::uint64_t bits = random.next_u64();
            float sum = 0.0F;
            for (int k = 0; k < 4; ++k) {
                sum += static_cast<float>((bits >> (16 * k)) & 0xFFFF) / 65536.0F;
            }
            const float noise = (sum - 2.0F) * 1.7320508F * noise_sd;
            const float ink = ink_[static_cast<std::size_t>(y) * width_ + x];
            const float grey = light - ink * (light - ridge_grey) + noise;
            image.pixels[static_cast<std::size_t>(y) * width_ + x] =
                static_cast<std::uint8_t>(std::clamp(std::lround(grey), 0L, 255L));
        }
    }
    return image;
}

} // namespace ktpel::sim::fingerprint
