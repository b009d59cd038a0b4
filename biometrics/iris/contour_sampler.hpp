// SPDX-License-Identifier: Apache-2.0
// Mean grey level along a circle or along arcs of it: the contour integral
// of Daugman's integro-differential operator. Directions are precomputed
// once per sampler because the localisers evaluate thousands of circles.
#pragma once

#include <cmath>
#include <numbers>
#include <vector>

#include "grey_frame.hpp"

namespace ktpel::biometrics::iris {

class ContourSampler
{
public:
    // Full circle with `count` evenly spaced samples.
    explicit ContourSampler(int count)
    {
        for (int i = 0; i < count; ++i)
            add_direction(2.0 * std::numbers::pi * i / count);
    }

    // Arcs given in degrees (image convention: 0 = +x, 90 = +y, i.e. down).
    ContourSampler(std::vector<std::pair<double, double>> arcs_deg, int count_per_arc)
    {
        for (const auto& [from, to] : arcs_deg)
            for (int i = 0; i < count_per_arc; ++i) {
                const double deg = from + (to - from) * (i + 0.5) / count_per_arc;
                add_direction(deg * std::numbers::pi / 180.0);
            }
    }

    // Mean of the samples that fall inside the frame; NaN when fewer than
    // half do (a circle mostly outside the picture says nothing).
    double mean(const GreyFrame& frame, double cx, double cy, double r) const
    {
        double sum = 0.0;
        int n = 0;
        for (std::size_t i = 0; i < cos_.size(); ++i) {
            const double x = cx + r * cos_[i];
            const double y = cy + r * sin_[i];
            if (!frame.contains(x, y))
                continue;
            sum += frame.sample(x, y);
            ++n;
        }
        if (2 * n < static_cast<int>(cos_.size()))
            return std::nan("");
        return sum / n;
    }

    std::size_t size() const { return cos_.size(); }
    double cos_at(std::size_t i) const { return cos_[i]; }
    double sin_at(std::size_t i) const { return sin_[i]; }

private:
    void add_direction(double angle)
    {
        cos_.push_back(std::cos(angle));
        sin_.push_back(std::sin(angle));
    }

    std::vector<double> cos_;
    std::vector<double> sin_;
};

} // namespace ktpel::biometrics::iris
