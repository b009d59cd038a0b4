// SPDX-License-Identifier: Apache-2.0
#include "grey_frame.hpp"

#include <algorithm>
#include <cmath>

#include "iris_input_error.hpp"

namespace ktpel::biometrics::iris {

GreyFrame::GreyFrame(int width, int height, float fill)
    : width_(width), height_(height),
      pixels_(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), fill)
{
}

GreyFrame GreyFrame::from_raster(const ktpel::RasterImage& image)
{
    const auto expected = static_cast<std::size_t>(image.width) * image.height;
    if (image.width == 0 || image.height == 0 || image.pixels.size() != expected)
        throw IrisInputError("raster pixel count does not match width x height");
    GreyFrame frame(static_cast<int>(image.width), static_cast<int>(image.height));
    std::transform(image.pixels.begin(), image.pixels.end(), frame.pixels_.begin(),
                   [](std::uint8_t v) { return static_cast<float>(v); });
    return frame;
}

float GreyFrame::sample(double x, double y) const
{
    const int x0 = std::min(static_cast<int>(x), width_ - 2);
    const int y0 = std::min(static_cast<int>(y), height_ - 2);
    const auto fx = static_cast<float>(x - x0);
    const auto fy = static_cast<float>(y - y0);
    const float* row0 = &pixels_[static_cast<std::size_t>(y0 * width_ + x0)];
    const float* row1 = row0 + width_;
    const float top = row0[0] + (row0[1] - row0[0]) * fx;
    const float bottom = row1[0] + (row1[1] - row1[0]) * fx;
    return top + (bottom - top) * fy;
}

GreyFrame GreyFrame::smoothed(double sigma) const
{
    if (sigma <= 0.0)
        return *this;
    const int radius = static_cast<int>(std::ceil(3.0 * sigma));
    std::vector<float> kernel(static_cast<std::size_t>(2 * radius + 1));
    float sum = 0.0f;
    for (int i = -radius; i <= radius; ++i) {
        kernel[static_cast<std::size_t>(i + radius)] =
            static_cast<float>(std::exp(-0.5 * i * i / (sigma * sigma)));
        sum += kernel[static_cast<std::size_t>(i + radius)];
    }
    for (auto& k : kernel)
        k /= sum;
    GreyFrame pass(width_, height_);
    for (int y = 0; y < height_; ++y)
        for (int x = 0; x < width_; ++x) {
            float acc = 0.0f;
            for (int k = -radius; k <= radius; ++k)
                acc += kernel[static_cast<std::size_t>(k + radius)] *
                       at(std::clamp(x + k, 0, width_ - 1), y);
            pass.at(x, y) = acc;
        }
    GreyFrame out(width_, height_);
    for (int y = 0; y < height_; ++y)
        for (int x = 0; x < width_; ++x) {
            float acc = 0.0f;
            for (int k = -radius; k <= radius; ++k)
                acc += kernel[static_cast<std::size_t>(k + radius)] *
                       pass.at(x, std::clamp(y + k, 0, height_ - 1));
            out.at(x, y) = acc;
        }
    return out;
}

GreyFrame GreyFrame::downsampled(int factor) const
{
    const int w = width_ / factor;
    const int h = height_ / factor;
    GreyFrame out(w, h);
    const float scale = 1.0f / static_cast<float>(factor * factor);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            float acc = 0.0f;
            for (int dy = 0; dy < factor; ++dy)
                for (int dx = 0; dx < factor; ++dx)
                    acc += at(x * factor + dx, y * factor + dy);
            out.at(x, y) = acc * scale;
        }
    return out;
}

} // namespace ktpel::biometrics::iris
