// SPDX-License-Identifier: Apache-2.0
#include "gabor_enhancement.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace ktpel::biometrics::fingerprint {

namespace {

struct Offset
{
    int dx;
    int dy;
};

// Integer sample offsets t*direction for t in [-radius, radius], one list
// per quantised angle; rounding to the nearest pixel is adequate because
// both passes average many taps.
std::vector<std::vector<Offset>> directional_offsets(int bins, int radius, bool across)
{
    std::vector<std::vector<Offset>> table(static_cast<std::size_t>(bins));
    for (int bin = 0; bin < bins; ++bin) {
        float angle =
            std::numbers::pi_v<float> * static_cast<float>(bin) / static_cast<float>(bins);
        if (across) {
            angle += std::numbers::pi_v<float> / 2.0f;
        }
        for (int t = -radius; t <= radius; ++t) {
            table[static_cast<std::size_t>(bin)].push_back(
                {static_cast<int>(std::lround(static_cast<float>(t) * std::cos(angle))),
                 static_cast<int>(std::lround(static_cast<float>(t) * std::sin(angle)))});
        }
    }
    return table;
}

int angle_bin(float angle, int bins)
{
    const int bin =
        static_cast<int>(std::lround(angle / std::numbers::pi_v<float> * static_cast<float>(bins)));
    return ((bin % bins) + bins) % bins;
}

} // namespace

FloatPlane enhance_ridges(const FloatPlane& normalised, const OrientationField& orientation,
                          const RidgePeriodField& period, const ForegroundMask& mask,
                          const GaborParameters& parameters)
{
    const int width = normalised.width;
    const int height = normalised.height;
    // Work region: the foreground grown by one block so that the filter
    // output at the mask edge is not cut short.
    BytePlane region(width, height);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const int bx = x / mask.block_size;
            const int by = y / mask.block_size;
            unsigned char inside = 0;
            for (int dy = -1; dy <= 1 && inside == 0; ++dy) {
                for (int dx = -1; dx <= 1; ++dx) {
                    if (mask.blocks.contains(bx + dx, by + dy) &&
                        mask.blocks.at(bx + dx, by + dy) != 0) {
                        inside = 1;
                        break;
                    }
                }
            }
            region.at(x, y) = inside;
        }
    }

    const int bins = parameters.angle_bins;
    const int along_radius = static_cast<int>(std::ceil(2.0f * parameters.along_ridge_sigma));
    const auto along_offsets = directional_offsets(bins, along_radius, false);
    std::vector<float> along_weights;
    float along_total = 0.0f;
    for (int t = -along_radius; t <= along_radius; ++t) {
        const float sigma = parameters.along_ridge_sigma;
        along_weights.push_back(std::exp(-0.5f * static_cast<float>(t * t) / (sigma * sigma)));
        along_total += along_weights.back();
    }
    for (float& weight : along_weights) {
        weight /= along_total;
    }

    FloatPlane smoothed(width, height);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            if (region.at(x, y) == 0) {
                continue;
            }
            const auto& offsets = along_offsets[static_cast<std::size_t>(
                angle_bin(orientation.ridge_angle.at(x, y), bins))];
            float sum = 0.0f;
            for (std::size_t i = 0; i < offsets.size(); ++i) {
                sum += along_weights[i] * normalised.clamped(x + offsets[i].dx, y + offsets[i].dy);
            }
            smoothed.at(x, y) = sum;
        }
    }

    // Across-ridge kernels per half-pixel period bin.
    const float minimum_period = 3.0f;
    const float maximum_period = 25.0f;
    const int period_bins = static_cast<int>((maximum_period - minimum_period) * 2.0f) + 1;
    const float largest_sigma = parameters.across_sigma_per_period * maximum_period;
    const int across_radius = static_cast<int>(std::ceil(2.0f * largest_sigma));
    const auto across_offsets = directional_offsets(bins, across_radius, true);
    std::vector<std::vector<float>> across_weights(static_cast<std::size_t>(period_bins));
    for (int bin = 0; bin < period_bins; ++bin) {
        const float ridge_period = minimum_period + 0.5f * static_cast<float>(bin);
        const float sigma = parameters.across_sigma_per_period * ridge_period;
        auto& weights = across_weights[static_cast<std::size_t>(bin)];
        std::vector<float> envelope;
        float cosine_sum = 0.0f;
        float envelope_sum = 0.0f;
        for (int t = -across_radius; t <= across_radius; ++t) {
            const float tt = static_cast<float>(t);
            const float gauss =
                std::abs(tt) <= 2.0f * sigma ? std::exp(-0.5f * tt * tt / (sigma * sigma)) : 0.0f;
            envelope.push_back(gauss);
            weights.push_back(gauss *
                              std::cos(2.0f * std::numbers::pi_v<float> * tt / ridge_period));
            cosine_sum += weights.back();
            envelope_sum += gauss;
        }
        // Remove the DC response so the output does not follow the local
        // mean, then scale to unit response at the tuned frequency.
        float gain = 0.0f;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            weights[i] -= envelope[i] * cosine_sum / envelope_sum;
            const float tt = static_cast<float>(static_cast<int>(i) - across_radius);
            gain += weights[i] * std::cos(2.0f * std::numbers::pi_v<float> * tt / ridge_period);
        }
        for (float& weight : weights) {
            weight /= std::max(gain, 1e-3f);
        }
    }

    std::vector<std::size_t> across_first_tap(across_weights.size(), 0);
    for (std::size_t bin = 0; bin < across_weights.size(); ++bin) {
        while (across_first_tap[bin] < static_cast<std::size_t>(across_radius) &&
               across_weights[bin][across_first_tap[bin]] == 0.0f) {
            ++across_first_tap[bin];
        }
    }

    FloatPlane enhanced(width, height);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            if (region.at(x, y) == 0) {
                continue;
            }
            const auto& offsets = across_offsets[static_cast<std::size_t>(
                angle_bin(orientation.ridge_angle.at(x, y), bins))];
            const float local_period =
                std::clamp(period.at_pixel(x, y), minimum_period, maximum_period);
            const int bin =
                std::clamp(static_cast<int>(std::lround((local_period - minimum_period) * 2.0f)), 0,
                           period_bins - 1);
            const auto& weights = across_weights[static_cast<std::size_t>(bin)];
            // Taps beyond two sigma are zero; skip them (short periods use
            // a fraction of the table).
            const std::size_t first = across_first_tap[static_cast<std::size_t>(bin)];
            float sum = 0.0f;
            for (std::size_t i = first; i < offsets.size() - first; ++i) {
                sum += weights[i] * smoothed.clamped(x + offsets[i].dx, y + offsets[i].dy);
            }
            enhanced.at(x, y) = sum;
        }
    }
    return enhanced;
}

} // namespace ktpel::biometrics::fingerprint
