// SPDX-License-Identifier: Apache-2.0
#include "synthetic_images.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <random>

namespace ktpel::sim {
namespace {

std::uint8_t clamp_pixel(double value)
{
    return static_cast<std::uint8_t>(std::clamp(value, 0.0, 255.0));
}

std::uint64_t mix(std::uint64_t a, std::uint64_t b)
{
    // splitmix64 step: decorrelates nearby seeds.
    std::uint64_t z = a + 0x9e3779b97f4a7c15ull * (b + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

} // namespace

drivers::RasterImage render_slap(std::uint32_t width, std::uint32_t height, std::uint32_t ppi,
                                 int fingers, std::uint64_t person, std::uint64_t impression)
{
    drivers::RasterImage image{width, height, ppi,
                               std::vector<std::uint8_t>(std::size_t{width} * height, 0)};
    std::mt19937_64 placement(mix(person, impression));
    std::normal_distribution<double> jitter(0.0, 1.0);
    std::uniform_real_distribution<double> noise(-18.0, 18.0);

    struct Tip
    {
        double cx, cy, rx, ry, angle, period, core_dx, core_dy;
    };
    std::vector<Tip> tips;
    const double mm = ppi / 25.4;
    for (int finger = 0; finger < fingers; ++finger) {
        std::mt19937_64 anatomy(mix(person, 1000 + finger)); // stable per person and finger
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        Tip tip{};
        tip.cx = width * (finger + 0.5) / fingers + jitter(placement) * 2 * mm;
        tip.cy = height * (0.42 + 0.08 * std::abs(finger - (fingers - 1) / 2.0) / 2.0) +
                 jitter(placement) * 2 * mm;
        tip.rx = (7.5 + 1.5 * unit(anatomy)) * mm;
        tip.ry = (11.0 + 2.0 * unit(anatomy)) * mm;
        tip.angle = (finger - (fingers - 1) / 2.0) * 0.12 + jitter(placement) * 0.05;
        tip.period = (0.42 + 0.1 * unit(anatomy)) * mm; // ridge period ~0.45 mm
        tip.core_dx = (unit(anatomy) - 0.5) * 4 * mm;
        tip.core_dy = (unit(anatomy) - 0.5) * 6 * mm;
        tips.push_back(tip);
    }

    std::mt19937 grain(static_cast<std::uint32_t>(mix(person ^ 0x5eed, impression)));
    for (std::uint32_t y = 0; y < height; ++y) {
        for (std::uint32_t x = 0; x < width; ++x) {
            double value = 235.0;
            for (const auto& tip : tips) {
                const double dx = x - tip.cx, dy = y - tip.cy;
                const double u = dx * std::cos(tip.angle) + dy * std::sin(tip.angle);
                const double v = -dx * std::sin(tip.angle) + dy * std::cos(tip.angle);
                const double r = (u * u) / (tip.rx * tip.rx) + (v * v) / (tip.ry * tip.ry);
                if (r >= 1.0)
                    continue;
                // Elliptic rings around a per-finger core: a whorl-like pattern.
                const double cu = u - tip.core_dx, cv = (v - tip.core_dy) * 0.8;
                const double phase =
                    std::sqrt(cu * cu + cv * cv) / tip.period * 2 * std::numbers::pi;
                const double pressure = 1.0 - r * r; // fades towards the edge of contact
                value = 235.0 - pressure * (95.0 + 95.0 * std::cos(phase));
            }
            image.pixels[std::size_t{y} * width + x] = clamp_pixel(value + noise(grain));
        }
    }
    return image;
}

drivers::RasterImage render_eye(std::uint32_t width, std::uint32_t height, std::uint64_t person,
                                int eye, std::uint64_t impression)
{
    drivers::RasterImage image{width, height, 0,
                               std::vector<std::uint8_t>(std::size_t{width} * height, 0)};
    std::mt19937_64 texture_seed(mix(person, 2000 + eye));
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::array<double, 24> spokes{};
    for (auto& s : spokes)
        s = unit(texture_seed);
    std::mt19937_64 placement(mix(person ^ eye, impression));
    std::normal_distribution<double> jitter(0.0, 4.0);
    const double cx = width / 2.0 + jitter(placement), cy = height / 2.0 + jitter(placement);
    const double iris_r = height * 0.25, pupil_r = iris_r * (0.35 + 0.1 * unit(placement));
    std::mt19937 grain(static_cast<std::uint32_t>(mix(person, impression)));
    std::uniform_real_distribution<double> noise(-6.0, 6.0);
    for (std::uint32_t y = 0; y < height; ++y) {
        for (std::uint32_t x = 0; x < width; ++x) {
            const double dx = x - cx, dy = y - cy;
            const double r = std::sqrt(dx * dx + dy * dy);
            double value = 200.0; // sclera and skin
            if (r < pupil_r) {
                value = 20.0;
            } else if (r < iris_r) {
                const double angle = std::atan2(dy, dx) + std::numbers::pi;
                const auto spoke =
                    static_cast<std::size_t>(angle / (2 * std::numbers::pi) * spokes.size()) %
                    spokes.size();
                value = 90.0 + 50.0 * spokes[spoke] *
                                   std::sin(r * 0.3 + spokes[(spoke + 7) % spokes.size()] * 6);
            }
            image.pixels[std::size_t{y} * width + x] = clamp_pixel(value + noise(grain));
        }
    }
    return image;
}

drivers::RasterImage render_portrait(std::uint32_t width, std::uint32_t height,
                                     std::uint64_t person, std::uint64_t impression)
{
    drivers::RasterImage image{width, height, 0,
                               std::vector<std::uint8_t>(std::size_t{width} * height, 0)};
    std::mt19937_64 shape(mix(person, 3000));
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const double head_rx = width * (0.22 + 0.04 * unit(shape)),
                 head_ry = height * (0.22 + 0.03 * unit(shape));
    std::mt19937 grain(static_cast<std::uint32_t>(mix(person, impression)));
    std::uniform_real_distribution<double> noise(-4.0, 4.0);
    for (std::uint32_t y = 0; y < height; ++y) {
        for (std::uint32_t x = 0; x < width; ++x) {
            const double hx = (x - width / 2.0) / head_rx, hy = (y - height * 0.42) / head_ry;
            const double sx = (x - width / 2.0) / (width * 0.45),
                         sy = (y - height * 1.05) / (height * 0.3);
            double value = 225.0; // a plain light background, as ID photos require
            if (hx * hx + hy * hy < 1.0)
                value = 150.0 - 30.0 * hx * hx;
            else if (sx * sx + sy * sy < 1.0)
                value = 70.0;
            image.pixels[std::size_t{y} * width + x] = clamp_pixel(value + noise(grain));
        }
    }
    return image;
}

} // namespace ktpel::sim
