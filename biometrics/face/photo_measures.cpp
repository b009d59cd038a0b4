// SPDX-License-Identifier: Apache-2.0
#include "photo_measures.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace ktpel::biometrics::face {
namespace {

double luma(const std::uint8_t* rgb)
{
    return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
}

struct PixelBox
{
    std::uint32_t x0, y0, x1, y1;
};

PixelBox pixels_of(const Region& region, std::uint32_t width, std::uint32_t height)
{
    const auto at = [](double fraction, std::uint32_t size) {
        return static_cast<std::uint32_t>(std::clamp(fraction, 0.0, 1.0) * size);
    };
    return {at(region.left, width), at(region.top, height), at(region.right, width),
            at(region.bottom, height)};
}

struct ColourStats
{
    std::array<double, 3> mean{};
    std::array<double, 3> deviation{};
    std::size_t count = 0;
};

ColourStats colour_stats(const RgbImage& image, const PixelBox& box)
{
    ColourStats stats;
    std::array<double, 3> sum{}, squares{};
    for (std::uint32_t y = box.y0; y < box.y1; ++y) {
        const std::uint8_t* row = &image.pixels[(std::size_t{y} * image.width + box.x0) * 3];
        for (std::uint32_t x = box.x0; x < box.x1; ++x, row += 3) {
            for (int c = 0; c < 3; ++c) {
                sum[c] += row[c];
                squares[c] += static_cast<double>(row[c]) * row[c];
            }
        }
    }
    stats.count = std::size_t{box.x1 - box.x0} * (box.y1 - box.y0);
    if (stats.count == 0)
        return stats;
    for (int c = 0; c < 3; ++c) {
        stats.mean[c] = sum[c] / stats.count;
        stats.deviation[c] =
            std::sqrt(std::max(0.0, squares[c] / stats.count - stats.mean[c] * stats.mean[c]));
    }
    return stats;
}

double distance(const std::array<double, 3>& a, const std::array<double, 3>& b)
{
    return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
                     (a[2] - b[2]) * (a[2] - b[2]));
}

} // namespace

ExposureMeasure measure_exposure(const RgbImage& image)
{
    ExposureMeasure measure;
    const std::size_t count = std::size_t{image.width} * image.height;
    if (count == 0)
        return measure;
    double sum = 0;
    std::size_t high = 0, low = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const double y = luma(&image.pixels[i * 3]);
        sum += y;
        high += y >= 250.0;
        low += y <= 4.0;
    }
    measure.mean_luminance = sum / count;
    measure.highlights_clipped = static_cast<double>(high) / count;
    measure.shadows_clipped = static_cast<double>(low) / count;
    return measure;
}

double measure_sharpness(const RgbImage& image)
{
    const std::uint32_t width = image.width / 2, height = image.height / 2;
    if (width < 3 || height < 3)
        return 0;
    std::vector<double> half(std::size_t{width} * height);
    for (std::uint32_t y = 0; y < height; ++y) {
        for (std::uint32_t x = 0; x < width; ++x) {
            const auto at = [&](std::uint32_t dx, std::uint32_t dy) {
                return luma(
                    &image.pixels[(std::size_t{2 * y + dy} * image.width + 2 * x + dx) * 3]);
            };
            half[std::size_t{y} * width + x] = (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1)) / 4;
        }
    }
    const PixelBox box = pixels_of(kSubjectRegion, width, height);
    double sum = 0, squares = 0;
    std::size_t count = 0;
    for (std::uint32_t y = std::max(box.y0, 1u); y < std::min(box.y1, height - 1); ++y) {
        for (std::uint32_t x = std::max(box.x0, 1u); x < std::min(box.x1, width - 1); ++x) {
            const std::size_t i = std::size_t{y} * width + x;
            const double laplacian =
                half[i - 1] + half[i + 1] + half[i - width] + half[i + width] - 4 * half[i];
            sum += laplacian;
            squares += laplacian * laplacian;
            ++count;
        }
    }
    if (count == 0)
        return 0;
    const double mean = sum / count;
    return squares / count - mean * mean;
}

BackgroundMeasure measure_background(const RgbImage& image)
{
    BackgroundMeasure measure;
    std::vector<ColourStats> regions;
    std::array<double, 3> weighted{};
    std::size_t total = 0;
    double noise_sum = 0;
    for (const auto& region : kBackgroundRegions) {
        const auto stats = colour_stats(image, pixels_of(region, image.width, image.height));
        if (stats.count == 0)
            continue;
        for (int c = 0; c < 3; ++c) {
            weighted[c] += stats.mean[c] * stats.count;
            measure.largest_deviation = std::max(measure.largest_deviation, stats.deviation[c]);
            noise_sum += stats.deviation[c];
        }
        total += stats.count;
        regions.push_back(stats);
    }
    if (total == 0)
        return measure;
    for (int c = 0; c < 3; ++c)
        measure.mean[c] = weighted[c] / total;
    measure.noise = noise_sum / (3.0 * regions.size());
    for (std::size_t a = 0; a < regions.size(); ++a)
        for (std::size_t b = a + 1; b < regions.size(); ++b)
            measure.largest_region_gap =
                std::max(measure.largest_region_gap, distance(regions[a].mean, regions[b].mean));
    return measure;
}

double measure_subject_coverage(const RgbImage& image, const BackgroundMeasure& background,
                                double min_distance)
{
    const PixelBox box = pixels_of(kSubjectRegion, image.width, image.height);
    const double limit = std::max(min_distance, 4.0 * background.noise);
    std::size_t apart = 0, count = 0;
    for (std::uint32_t y = box.y0; y < box.y1; ++y) {
        const std::uint8_t* row = &image.pixels[(std::size_t{y} * image.width + box.x0) * 3];
        for (std::uint32_t x = box.x0; x < box.x1; ++x, row += 3) {
            const std::array<double, 3> colour{static_cast<double>(row[0]),
                                               static_cast<double>(row[1]),
                                               static_cast<double>(row[2])};
            apart += distance(colour, background.mean) > limit;
            ++count;
        }
    }
    return count == 0 ? 0.0 : static_cast<double>(apart) / count;
}

} // namespace ktpel::biometrics::face
