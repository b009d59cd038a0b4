// SPDX-License-Identifier: Apache-2.0
#include "image_measures.hpp"

#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

#include "common/pgm_codec.hpp"

namespace ktpel::sim::fingerprint::testing {

namespace {

double spectrum_power(const std::vector<double>& block, int size, double u, double v)
{
    std::complex<double> sum = 0.0;
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            const double phase = -2.0 * std::numbers::pi * (u * x + v * y) / size;
            sum += block[static_cast<std::size_t>(y) * size + x] *
                   std::complex<double>(std::cos(phase), std::sin(phase));
        }
    }
    return std::norm(sum);
}

} // namespace

double dominant_period(const drivers::RasterImage& image, int x0, int y0, int size)
{
    std::vector<double> block(static_cast<std::size_t>(size) * size);
    double mean = 0.0;
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            mean += image.pixels[static_cast<std::size_t>(y0 + y) * image.width + x0 + x];
        }
    }
    mean /= static_cast<double>(block.size());
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            const double window =
                (0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * (x + 0.5) / size)) *
                (0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * (y + 0.5) / size));
            block[static_cast<std::size_t>(y) * size + x] =
                window *
                (image.pixels[static_cast<std::size_t>(y0 + y) * image.width + x0 + x] - mean);
        }
    }
    // Coarse search over whole bins (periods ~4..21 px for a 64 block),
    // half-plane only: the spectrum of a real image is symmetric.
    double best_u = 0.0;
    double best_v = 0.0;
    double best = -1.0;
    const int reach = size / 4;
    for (int v = 0; v <= reach; ++v) {
        for (int u = -reach; u <= reach; ++u) {
            const double radius = std::hypot(u, v);
            if (radius < size / 21.0 || radius > reach) {
                continue;
            }
            const double power = spectrum_power(block, size, u, v);
            if (power > best) {
                best = power;
                best_u = u;
                best_v = v;
            }
        }
    }
    const double coarse_u = best_u;
    const double coarse_v = best_v;
    for (double du = -0.9; du <= 0.9; du += 0.1) {
        for (double dv = -0.9; dv <= 0.9; dv += 0.1) {
            const double power = spectrum_power(block, size, coarse_u + du, coarse_v + dv);
            if (power > best) {
                best = power;
                best_u = coarse_u + du;
                best_v = coarse_v + dv;
            }
        }
    }
    return size / std::hypot(best_u, best_v);
}

RegionStats region_stats(const drivers::RasterImage& image, const BoundingBox& box,
                         int dark_threshold)
{
    RegionStats stats;
    double sum = 0.0;
    double squares = 0.0;
    double dark = 0.0;
    double count = 0.0;
    for (int y = box.y; y < box.y + box.height; ++y) {
        for (int x = box.x; x < box.x + box.width; ++x) {
            const double value = image.pixels[static_cast<std::size_t>(y) * image.width + x];
            sum += value;
            squares += value * value;
            dark += value < dark_threshold ? 1.0 : 0.0;
            count += 1.0;
        }
    }
    if (count > 0.0) {
        stats.mean = sum / count;
        stats.deviation = std::sqrt(std::max(0.0, squares / count - stats.mean * stats.mean));
        stats.dark_share = dark / count;
    }
    return stats;
}

double sharpness(const drivers::RasterImage& image, const BoundingBox& box)
{
    double sum = 0.0;
    double count = 0.0;
    auto at = [&](int x, int y) {
        return static_cast<double>(image.pixels[static_cast<std::size_t>(y) * image.width + x]);
    };
    for (int y = box.y + 1; y < box.y + box.height - 1; ++y) {
        for (int x = box.x + 1; x < box.x + box.width - 1; ++x) {
            sum += std::abs(4.0 * at(x, y) - at(x - 1, y) - at(x + 1, y) - at(x, y - 1) -
                            at(x, y + 1));
            count += 1.0;
        }
    }
    return count > 0.0 ? sum / count : 0.0;
}

double marked_share(const drivers::RasterImage& image, int threshold)
{
    double marked = 0.0;
    for (std::uint8_t value : image.pixels) {
        marked += value < threshold ? 1.0 : 0.0;
    }
    return marked / static_cast<double>(image.pixels.size());
}

MasterCache& test_cache()
{
    static MasterCache cache(128);
    return cache;
}

void save_sample(const drivers::RasterImage& image, const char* name)
{
    write_pgm(image, std::filesystem::path(KTPEL_SAMPLE_DIR) / name);
}

} // namespace ktpel::sim::fingerprint::testing
