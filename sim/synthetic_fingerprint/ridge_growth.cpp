// SPDX-License-Identifier: Apache-2.0
#include "ridge_growth.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "gabor_filter_bank.hpp"

namespace ktpel::sim::fingerprint {

namespace {

constexpr int pad = GaborFilterBank::radius;
// Growth only touches blocks next to already grown ones; skipping the rest
// makes the early passes, when little has grown, almost free.
constexpr int block = 16;
constexpr int seed_radius = 5;

float filter_at(const float* centre, std::size_t stride, const float* kernel)
{
    // One partial sum per kernel column: the compiler can keep them in
    // vector registers without reassociating floating-point additions, so
    // the result stays bit-identical across builds.
    std::array<float, GaborFilterBank::row_stride> lanes{};
    const float* row = centre - pad * stride - pad;
    for (int dy = 0; dy < GaborFilterBank::side; ++dy) {
        for (int dx = 0; dx < GaborFilterBank::row_stride; ++dx) {
            lanes[static_cast<std::size_t>(dx)] += kernel[dx] * row[dx];
        }
        row += stride;
        kernel += GaborFilterBank::row_stride;
    }
    float sum = 0.0F;
    for (float lane : lanes) {
        sum += lane;
    }
    return sum;
}

} // namespace

std::vector<float> grow_ridges(const OrientationField& orientation, const RidgePeriodMap& period,
                               const std::vector<std::uint8_t>& growth_mask,
                               const RidgeGrowthParams& params, SeededRandom& random)
{
    const int width = orientation.width();
    const int height = orientation.height();
    if (period.width() != width || period.height() != height ||
        growth_mask.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height)) {
        throw std::invalid_argument("grow_ridges: orientation, period and mask sizes differ");
    }
    if (!(params.seed_spacing_px > 0.0) || params.max_iterations < 1 || !(params.gain > 0.0)) {
        throw std::invalid_argument("grow_ridges: invalid growth parameters");
    }

    const GaborFilterBank bank(period.min_period(), period.max_period(), params.sigma_across,
                               params.sigma_along);
    const std::size_t stride = static_cast<std::size_t>(width + 2 * pad);
    // The extra row_stride keeps the padded kernel rows' last (zero) tap
    // inside the buffer at the bottom-right pixel.
    const std::size_t padded_size =
        stride * static_cast<std::size_t>(height + 2 * pad) + GaborFilterBank::row_stride;
    auto padded = [stride](int x, int y) {
        return static_cast<std::size_t>(y + pad) * stride + static_cast<std::size_t>(x + pad);
    };

    std::vector<int> kernel_of(static_cast<std::size_t>(width) * static_cast<std::size_t>(height),
                               -1);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const std::size_t i = static_cast<std::size_t>(y) * width + x;
            if (growth_mask[i] != 0) {
                kernel_of[i] = bank.index_for(orientation.at(x, y), period.at(x, y));
            }
        }
    }

    std::vector<float> current(padded_size, 0.0F);
    std::vector<float> next(padded_size, 0.0F);

    // Seeds on a jittered grid: an even spread, so every region is reached
    // within a few passes, but no regular structure in the result.
    const double spacing = params.seed_spacing_px;
    for (double gy = 0.0; gy < height; gy += spacing) {
        for (double gx = 0.0; gx < width; gx += spacing) {
            const int sx = static_cast<int>(gx + random.uniform(0.0, spacing));
            const int sy = static_cast<int>(gy + random.uniform(0.0, spacing));
            const double phase = random.uniform(0.0, 2.0 * std::numbers::pi);
            if (sx >= width || sy >= height ||
                growth_mask[static_cast<std::size_t>(sy) * width + sx] == 0) {
                continue;
            }
            // A seed is a small patch of ridges already aligned with the
            // local orientation and period, at a random phase: growth
            // starts at once, and the random phases are what make fronts
            // disagree where they meet.
            const double theta = orientation.at(sx, sy);
            const double local_period = period.at(sx, sy);
            const double nx = std::sin(theta);
            const double ny = std::cos(theta);
            for (int dy = -seed_radius; dy <= seed_radius; ++dy) {
                for (int dx = -seed_radius; dx <= seed_radius; ++dx) {
                    const int x = sx + dx;
                    const int y = sy + dy;
                    if (dx * dx + dy * dy > seed_radius * seed_radius || x < 0 || y < 0 ||
                        x >= width || y >= height) {
                        continue;
                    }
                    const double u = dx * nx + dy * ny;
                    current[padded(x, y)] = static_cast<float>(
                        std::cos(2.0 * std::numbers::pi * u / local_period + phase));
                }
            }
        }
    }

    const int blocks_x = (width + block - 1) / block;
    const int blocks_y = (height + block - 1) / block;
    std::vector<std::uint8_t> grown(static_cast<std::size_t>(blocks_x * blocks_y), 0);
    auto mark_grown = [&](const std::vector<float>& field) {
        std::fill(grown.begin(), grown.end(), 0);
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                if (field[padded(x, y)] != 0.0F) {
                    grown[static_cast<std::size_t>((y / block) * blocks_x + x / block)] = 1;
                }
            }
        }
    };
    auto near_grown = [&](int bx, int by) {
        for (int ny = std::max(0, by - 1); ny <= std::min(blocks_y - 1, by + 1); ++ny) {
            for (int nx = std::max(0, bx - 1); nx <= std::min(blocks_x - 1, bx + 1); ++nx) {
                if (grown[static_cast<std::size_t>(ny * blocks_x + nx)] != 0) {
                    return true;
                }
            }
        }
        return false;
    };

    const auto gain = static_cast<float>(params.gain);
    std::size_t mask_pixels = 0;
    for (std::uint8_t m : growth_mask) {
        mask_pixels += m != 0 ? 1 : 0;
    }
    for (int iteration = 0; iteration < params.max_iterations; ++iteration) {
        mark_grown(current);
        std::size_t covered = 0;
        double change = 0.0;
        for (int by = 0; by < blocks_y; ++by) {
            for (int bx = 0; bx < blocks_x; ++bx) {
                if (!near_grown(bx, by)) {
                    continue;
                }
                for (int y = by * block; y < std::min(height, (by + 1) * block); ++y) {
                    for (int x = bx * block; x < std::min(width, (bx + 1) * block); ++x) {
                        const int k = kernel_of[static_cast<std::size_t>(y) * width + x];
                        if (k < 0) {
                            continue;
                        }
                        const std::size_t at = padded(x, y);
                        const float response = filter_at(&current[at], stride, bank.kernel(k));
                        const float value = std::clamp(gain * response, -1.0F, 1.0F);
                        next[at] = value;
                        covered += value != 0.0F ? 1 : 0;
                        change += std::abs(value - current[at]);
                    }
                }
            }
        }
        current.swap(next);
        // Settled: (almost) everything grown and the last pass changed
        // little. Later passes would only polish ridges already in place.
        if (covered > mask_pixels * 99 / 100 &&
            change < params.settled_change * static_cast<double>(mask_pixels)) {
            break;
        }
    }

    // One final linear pass turns the saturated, square-wave ridges back
    // into a smooth profile (a square wave's fundamental has amplitude
    // 4/pi), which renderers threshold at different levels for pressure.
    std::vector<float> field(static_cast<std::size_t>(width) * static_cast<std::size_t>(height),
                             0.0F);
    const float normalise = 3.14159265F / 4.0F;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const int k = kernel_of[static_cast<std::size_t>(y) * width + x];
            if (k < 0) {
                continue;
            }
            const float response = filter_at(&current[padded(x, y)], stride, bank.kernel(k));
            field[static_cast<std::size_t>(y) * width + x] =
                std::clamp(normalise * response, -1.0F, 1.0F);
        }
    }
    return field;
}

} // namespace ktpel::sim::fingerprint
