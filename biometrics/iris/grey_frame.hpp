// SPDX-License-Identifier: Apache-2.0
// A floating-point copy of an 8-bit frame, with the sampling and smoothing
// the localisers need. Working in float keeps sub-pixel contour sampling and
// repeated smoothing free of rounding steps.
#pragma once

#include <cstdint>
#include <vector>

#include "common/raster_image.hpp"

namespace ktpel::biometrics::iris {

class GreyFrame
{
public:
    GreyFrame() = default;
    GreyFrame(int width, int height, float fill = 0.0f);
    // Throws IrisInputError if the raster's pixel count does not match.
    static GreyFrame from_raster(const ktpel::RasterImage& image);

    int width() const { return width_; }
    int height() const { return height_; }
    float at(int x, int y) const { return pixels_[static_cast<std::size_t>(y * width_ + x)]; }
    float& at(int x, int y) { return pixels_[static_cast<std::size_t>(y * width_ + x)]; }
    bool contains(double x, double y) const
    {
        return x >= 0.0 && y >= 0.0 && x <= width_ - 1.0 && y <= height_ - 1.0;
    }
    // Bilinear; callers check contains() first.
    float sample(double x, double y) const;
    const std::vector<float>& pixels() const { return pixels_; }

    // Separable Gaussian, edges clamped.
    GreyFrame smoothed(double sigma) const;
    // Mean of factor x factor blocks (trailing partial blocks dropped).
    GreyFrame downsampled(int factor) const;

private:
    int width_ = 0;
    int height_ = 0;
    std::vector<float> pixels_;
};

} // namespace ktpel::biometrics::iris
