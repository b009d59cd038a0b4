// SPDX-License-Identifier: Apache-2.0
#include "analytic_fingerprint_images.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace ktpel::tests::fingerprint {

namespace {

constexpr double pi = std::numbers::pi;

double wrap(double angle)
{
    angle = std::fmod(angle + pi, 2.0 * pi);
    return (angle < 0.0 ? angle + 2.0 * pi : angle) - pi;
}

struct Singularity
{
    double x;
    double y;
    int charge;
};

// Base phase of a patch (without spiral terms) and its gradient.
struct BasePhase
{
    const FingerPatch& patch;

    double value(double x, double y) const
    {
        const double k = 2.0 * pi / patch.period;
        if (patch.curvature_radius > 0.0) {
            const double cx = patch.centre_x;
            const double cy = patch.centre_y + patch.curvature_radius;
            return k * std::hypot(x - cx, y - cy);
        }
        // Phase grows along the ridge normal.
        const double nx = -std::sin(patch.ridge_direction);
        const double ny = std::cos(patch.ridge_direction);
        return k * (nx * (x - patch.centre_x) + ny * (y - patch.centre_y));
    }

    // Unit vector across the ridges (direction of increasing phase).
    void normal(double x, double y, double& nx, double& ny) const
    {
        if (patch.curvature_radius > 0.0) {
            const double dx = x - patch.centre_x;
            const double dy = y - patch.centre_y - patch.curvature_radius;
            const double length = std::hypot(dx, dy);
            nx = dx / length;
            ny = dy / length;
            return;
        }
        nx = -std::sin(patch.ridge_direction);
        ny = std::cos(patch.ridge_direction);
    }
};

double spiral_sum(const std::vector<Singularity>& singularities, double x, double y,
                  std::size_t skip)
{
    double sum = 0.0;
    for (std::size_t j = 0; j < singularities.size(); ++j) {
        if (j != skip) {
            sum += singularities[j].charge *
                   std::atan2(y - singularities[j].y, x - singularities[j].x);
        }
    }
    return sum;
}

double window(const FingerPatch& patch, double x, double y)
{
    if (patch.semi_axis_x <= 0.0 || patch.semi_axis_y <= 0.0) {
        return 1.0;
    }
    const double rho = std::hypot((x - patch.centre_x) / patch.semi_axis_x,
                                  (y - patch.centre_y) / patch.semi_axis_y);
    const double inset = (1.0 - rho) * std::min(patch.semi_axis_x, patch.semi_axis_y);
    const double t = std::clamp(inset / 12.0, 0.0, 1.0); // 12-pixel soft edge
    return t * t * (3.0 - 2.0 * t);
}

} // namespace

AnalyticImage render_patches(int width, int height, const std::vector<FingerPatch>& patches)
{
    AnalyticImage result;
    result.image.width = static_cast<std::uint32_t>(width);
    result.image.height = static_cast<std::uint32_t>(height);
    result.image.ppi = 500;
    std::vector<double> darkness(static_cast<std::size_t>(width) * height, 0.0);
    for (const FingerPatch& patch : patches) {
        const BasePhase base{patch};
        std::vector<Singularity> singularities;
        for (const RequestedMinutia& requested : patch.minutiae) {
            // See the header: the extra ridge lies on the -charge * d side.
            singularities.push_back({requested.x, requested.y, requested.sense > 0 ? -1 : 1});
        }
        // Nudge each singularity across the ridges until the ray along the
        // requested direction is a ridge centre (ending) or a valley centre
        // (bifurcation). Interactions between singularities are weak, so a
        // few rounds converge.
        std::vector<double> directions(singularities.size());
        for (int round = 0; round < 12; ++round) {
            for (std::size_t i = 0; i < singularities.size(); ++i) {
                Singularity& s = singularities[i];
                const RequestedMinutia& requested = patch.minutiae[i];
                double nx = 0.0;
                double ny = 0.0;
                base.normal(s.x, s.y, nx, ny);
                // Ridge direction is the normal turned by +90 degrees.
                double direction = std::atan2(nx, -ny);
                if (requested.sense < 0) {
                    direction += pi;
                }
                directions[i] = direction;
                const double constant =
                    base.value(s.x, s.y) + spiral_sum(singularities, s.x, s.y, i);
                const double target = requested.type == MinutiaType::ridge_ending ? pi : 0.0;
                const double error = wrap(target - s.charge * direction - constant);
                const double shift = error / (2.0 * pi / patch.period);
                s.x += shift * nx;
                s.y += shift * ny;
            }
        }
        for (std::size_t i = 0; i < singularities.size(); ++i) {
            Minutia truth;
            truth.x = static_cast<int>(std::lround(singularities[i].x));
            truth.y = static_cast<int>(std::lround(singularities[i].y));
            truth.type = patch.minutiae[i].type;
            // Image direction (y down) to the displayed, counter-clockwise
            // convention.
            double angle = std::fmod(-directions[i], 2.0 * pi);
            truth.angle_radians = angle < 0.0 ? angle + 2.0 * pi : angle;
            result.truth.push_back(truth);
        }
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                const double weight = window(patch, x, y);
                if (weight <= 0.0) {
                    continue;
                }
                const double phase =
                    base.value(x, y) + spiral_sum(singularities, x, y, singularities.size());
                // cos = -1 at ridge centres: those are darkest.
                darkness[static_cast<std::size_t>(y) * width + x] +=
                    weight * patch.ridge_depth * 0.5 * (1.0 - std::cos(phase));
            }
        }
    }
    result.image.pixels.resize(darkness.size());
    for (std::size_t i = 0; i < darkness.size(); ++i) {
        result.image.pixels[i] = static_cast<std::uint8_t>(
            std::clamp(std::lround(background_grey - darkness[i]), 0L, 255L));
    }
    return result;
}

void add_noise(drivers::RasterImage& image, double sigma, std::uint32_t seed)
{
    std::mt19937 generator(seed);
    std::normal_distribution<double> noise(0.0, sigma);
    for (std::uint8_t& pixel : image.pixels) {
        pixel =
            static_cast<std::uint8_t>(std::clamp(std::lround(pixel + noise(generator)), 0L, 255L));
    }
}

void blur(drivers::RasterImage& image, double sigma)
{
    const int radius = static_cast<int>(std::ceil(3.0 * sigma));
    std::vector<double> kernel;
    double total = 0.0;
    for (int i = -radius; i <= radius; ++i) {
        kernel.push_back(std::exp(-0.5 * i * i / (sigma * sigma)));
        total += kernel.back();
    }
    const int width = static_cast<int>(image.width);
    const int height = static_cast<int>(image.height);
    std::vector<double> source(image.pixels.begin(), image.pixels.end());
    std::vector<double> horizontal(source.size());
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            double sum = 0.0;
            for (int i = -radius; i <= radius; ++i) {
                sum +=
                    kernel[static_cast<std::size_t>(i + radius)] *
                    source[static_cast<std::size_t>(y) * width + std::clamp(x + i, 0, width - 1)];
            }
            horizontal[static_cast<std::size_t>(y) * width + x] = sum / total;
        }
    }
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            double sum = 0.0;
            for (int i = -radius; i <= radius; ++i) {
                sum +=
                    kernel[static_cast<std::size_t>(i + radius)] *
                    horizontal[static_cast<std::size_t>(std::clamp(y + i, 0, height - 1)) * width +
                               x];
            }
            image.pixels[static_cast<std::size_t>(y) * width + x] =
                static_cast<std::uint8_t>(std::clamp(std::lround(sum / total), 0L, 255L));
        }
    }
}

void reduce_contrast(drivers::RasterImage& image, double factor)
{
    for (std::uint8_t& pixel : image.pixels) {
        pixel = static_cast<std::uint8_t>(std::clamp(
            std::lround(background_grey - (background_grey - pixel) * factor), 0L, 255L));
    }
}

void blank_below(drivers::RasterImage& image, int from_row)
{
    for (int y = std::max(0, from_row); y < static_cast<int>(image.height); ++y) {
        std::fill_n(image.pixels.begin() + static_cast<std::ptrdiff_t>(y) * image.width,
                    image.width, static_cast<std::uint8_t>(background_grey));
    }
}

} // namespace ktpel::tests::fingerprint
