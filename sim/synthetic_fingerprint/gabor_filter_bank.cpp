// SPDX-License-Identifier: Apache-2.0
#include "gabor_filter_bank.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "geometry.hpp"

namespace ktpel::sim::fingerprint {

GaborFilterBank::GaborFilterBank(double min_period, double max_period, double sigma_across,
                                 double sigma_along, int orientation_bins, double period_step)
    : min_period_(min_period), period_step_(period_step), orientation_bins_(orientation_bins)
{
    if (!(min_period > 0.0) || !(max_period >= min_period) || !(sigma_across > 0.0) ||
        !(sigma_along > 0.0) || orientation_bins <= 0 || !(period_step > 0.0)) {
        throw std::invalid_argument("GaborFilterBank: invalid parameters");
    }
    period_bins_ = static_cast<int>(std::floor((max_period - min_period) / period_step + 0.5)) + 1;
    kernels_.resize(static_cast<std::size_t>(period_bins_ * orientation_bins_ * taps));
    std::vector<double> envelope(taps, 0.0);
    std::vector<double> carrier(taps, 0.0);
    for (int p = 0; p < period_bins_; ++p) {
        const double period = min_period + p * period_step;
        const double su = sigma_across * period;
        const double sv = sigma_along * period;
        for (int o = 0; o < orientation_bins_; ++o) {
            const double theta = o * std::numbers::pi / orientation_bins_;
            const double s = std::sin(theta);
            const double c = std::cos(theta);
            double envelope_sum = 0.0;
            double carrier_sum = 0.0;
            for (int dy = -radius; dy <= radius; ++dy) {
                for (int dx = -radius; dx <= radius; ++dx) {
                    // u across the ridges (along the normal), v along them;
                    // see geometry.hpp for the angle convention.
                    const double u = dx * s + dy * c;
                    const double v = dx * c - dy * s;
                    const int i = (dy + radius) * row_stride + dx + radius;
                    envelope[i] = std::exp(-0.5 * (u * u / (su * su) + v * v / (sv * sv)));
                    carrier[i] = std::cos(2.0 * std::numbers::pi * u / period);
                    envelope_sum += envelope[i];
                    carrier_sum += envelope[i] * carrier[i];
                }
            }
            // Remove the DC response, so flat areas stay flat and growth
            // only follows the ridge structure.
            const double dc = carrier_sum / envelope_sum;
            double gain = 0.0;
            for (int i = 0; i < taps; ++i) {
                gain += envelope[i] * (carrier[i] - dc) * carrier[i];
            }
            float* out =
                kernels_.data() + static_cast<std::size_t>(p * orientation_bins_ + o) * taps;
            for (int i = 0; i < taps; ++i) {
                out[i] = static_cast<float>(envelope[i] * (carrier[i] - dc) / gain);
            }
        }
    }
}

int GaborFilterBank::index_for(double orientation, double period) const
{
    const double bin_width = std::numbers::pi / orientation_bins_;
    const int o = static_cast<int>(std::floor(wrap_orientation(orientation) / bin_width + 0.5)) %
                  orientation_bins_;
    const int p =
        std::clamp(static_cast<int>(std::floor((period - min_period_) / period_step_ + 0.5)), 0,
                   period_bins_ - 1);
    return p * orientation_bins_ + o;
}

} // namespace ktpel::sim::fingerprint
