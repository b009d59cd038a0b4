// SPDX-License-Identifier: Apache-2.0
#include "synthetic_portrait.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "common/jpeg_codec.hpp"
#include "common/seeded_random.hpp"

namespace ktpel::sim {
namespace {

struct Colour
{
    double r, g, b;
};

Colour mix(Colour a, Colour b, double t)
{
    return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

Colour scaled(Colour c, double k)
{
    return {c.r * k, c.g * k, c.b * k};
}

// One splitmix64 step from `value`: cheap, well spread, deterministic.
std::uint64_t mix_bits(std::uint64_t value)
{
    return splitmix64_next(value);
}

// Uniform in [-1, 1] per (x, y, seed): sensor noise and skin texture.
double noise(std::uint32_t x, std::uint32_t y, std::uint64_t seed)
{
    const auto bits = mix_bits(seed ^ (std::uint64_t{x} << 32 | y));
    return static_cast<double>(bits >> 11) / static_cast<double>(1ull << 52) - 1.0;
}

// Uniform in [0, 1) per (person, what).
double trait(std::uint64_t person, std::uint64_t what)
{
    return static_cast<double>(mix_bits(person * 0x100 + what) >> 11) /
           static_cast<double>(1ull << 53);
}

// The appearance that belongs to one person.
struct Person
{
    Colour background;
    Colour skin;
    Colour hair;
    Colour shirt;
    double head_scale;
    double eye_spacing;
    double hair_line;
};

Person person_of(std::uint64_t person)
{
    // KTP-el backdrops: red or blue (the colour follows the holder's birth
    // year; here, the person number's parity).
    static constexpr std::array<Colour, 2> backdrops{{{196, 32, 38}, {28, 78, 178}}};
    static constexpr std::array<Colour, 5> skins{
        {{224, 180, 150}, {206, 158, 122}, {186, 134, 100}, {160, 112, 80}, {132, 90, 64}}};
    static constexpr std::array<Colour, 4> shirts{
        {{40, 44, 58}, {92, 96, 104}, {36, 70, 60}, {110, 84, 60}}};
    Person p;
    p.background = backdrops[person % 2];
    p.skin = skins[static_cast<std::size_t>(trait(person, 1) * skins.size())];
    p.hair = mix({22, 18, 16}, {58, 42, 30}, trait(person, 2));
    p.shirt = shirts[static_cast<std::size_t>(trait(person, 3) * shirts.size())];
    p.head_scale = 0.94 + 0.12 * trait(person, 4);
    p.eye_spacing = 0.34 + 0.08 * trait(person, 5);
    p.hair_line = 0.40 + 0.15 * trait(person, 6);
    return p;
}

// Inside an ellipse: <1 inside, 1 on the edge.
double ellipse(double x, double y, double cx, double cy, double rx, double ry)
{
    const double dx = (x - cx) / rx, dy = (y - cy) / ry;
    return dx * dx + dy * dy;
}

Colour subject_pixel(double x, double y, double w, double h, const Person& p, double head_cx,
                     double head_cy, Colour background, std::uint32_t px, std::uint32_t py,
                     std::uint64_t seed)
{
    const double rx = 0.20 * w * p.head_scale, ry = 0.17 * h * p.head_scale;
    const double texture = noise(px, py, seed ^ 0x51);

    // Shoulders and torso: a wide rounded shape rising from the bottom edge.
    const double shoulder_top = head_cy + ry * 1.55;
    const double torso = ellipse(x, y, head_cx, shoulder_top + 0.45 * h, 0.48 * w, 0.47 * h);
    // Neck between head and shoulders.
    const bool neck =
        std::abs(x - head_cx) < 0.30 * rx && y > head_cy && y < shoulder_top + 0.04 * h;
    const double head = ellipse(x, y, head_cx, head_cy, rx, ry);
    const double hair_cap = ellipse(x, y, head_cx, head_cy - 0.06 * ry, rx * 1.10, ry * 1.12);

    Colour c = background;
    if (torso < 1.0) {
        // A woven shirt: fine diagonal ribs that a sharp lens resolves.
        const double rib = std::sin((x + y) * 0.9) * 10.0 + texture * 6.0;
        c = {p.shirt.r + rib, p.shirt.g + rib, p.shirt.b + rib};
        // Collar: a lighter V at the neck.
        if (std::abs(x - head_cx) < (y - shoulder_top) * 0.6 + 0.02 * w &&
            y < shoulder_top + 0.12 * h && std::abs(x - head_cx) > 0.5 * (y - shoulder_top))
            c = mix(c, {235, 235, 230}, 0.8);
    }
    if (neck)
        c = scaled(p.skin, 0.82 + 0.03 * texture);
    // Ears, just outside the head's sides.
    for (const double side : {-1.0, 1.0}) {
        if (ellipse(x, y, head_cx + side * rx * 0.98, head_cy + 0.05 * ry, 0.12 * rx, 0.22 * ry) <
            1.0)
            c = scaled(p.skin, 0.86 + 0.03 * texture);
    }
    // Hair behind and above the face.
    const bool above_hair_line =
        y < head_cy - p.hair_line * ry + 0.15 * ry * std::cos((x - head_cx) / rx * 1.4);
    if (hair_cap < 1.0 && (head >= 1.0 || above_hair_line) && y < head_cy + 0.2 * ry) {
        const double strands = std::sin((x * 0.7 + y * 0.25)) * 9.0 + texture * 8.0;
        return {p.hair.r + strands, p.hair.g + strands, p.hair.b + strands};
    }
    if (head >= 1.0)
        return c;

    // The face: skin shaded as a lit sphere, with pore-scale texture.
    const double light = 0.78 + 0.26 * std::sqrt(std::max(0.0, 1.0 - head));
    Colour skin = scaled(p.skin, light);
    skin = {skin.r + texture * 5.0, skin.g + texture * 5.0, skin.b + texture * 5.0};

    const double fx = (x - head_cx) / rx, fy = (y - head_cy) / ry; // face coordinates
    for (const double side : {-1.0, 1.0}) {
        const double ex = side * p.eye_spacing, ey = -0.08;
        // Eyebrow: a dark arc above each eye.
        const double brow_y = ey - 0.17 + 0.25 * (fx - ex) * (fx - ex);
        if (std::abs(fx - ex) < 0.2 && std::abs(fy - brow_y) < 0.035)
            return scaled(p.hair, 1.1);
        const double eye = ellipse(fx, fy, ex, ey, 0.15, 0.065);
        if (eye < 1.0) {
            const double iris = ellipse(fx, fy, ex, ey, 0.055, 0.055 * rx / ry);
            if (iris < 0.35)
                return {18, 14, 12}; // pupil
            if (iris < 1.0)
                return {70 + 10 * texture, 48, 34}; // brown iris
            return {232, 226, 220};                 // sclera
        }
        if (eye < 1.35)
            skin = scaled(skin, 0.8); // eyelid shadow
    }
    // Nose: a shadow down one side and the nostrils.
    if (std::abs(fx - 0.05) < 0.025 && fy > 0.0 && fy < 0.3)
        skin = scaled(skin, 0.88);
    if (ellipse(fx, fy, -0.07, 0.33, 0.05, 0.025) < 1.0 ||
        ellipse(fx, fy, 0.07, 0.33, 0.05, 0.025) < 1.0)
        skin = scaled(skin, 0.6);
    // Mouth.
    if (ellipse(fx, fy, 0.0, 0.55, 0.26, 0.055) < 1.0)
        return mix(skin, {150, 60, 62}, 0.75);
    return skin;
}

// Three box passes approximate a Gaussian: a defocused lens.
void blur(std::vector<double>& plane, std::uint32_t width, std::uint32_t height, int radius)
{
    std::vector<double> line;
    const auto pass = [&](std::size_t count, std::size_t stride, std::size_t lines,
                          std::size_t line_stride) {
        line.resize(count);
        for (std::size_t l = 0; l < lines; ++l) {
            double* base = plane.data() + l * line_stride;
            for (std::size_t i = 0; i < count; ++i)
                line[i] = base[i * stride];
            double sum = 0;
            const auto at = [&](std::ptrdiff_t i) {
                return line[static_cast<std::size_t>(
                    std::clamp<std::ptrdiff_t>(i, 0, static_cast<std::ptrdiff_t>(count) - 1))];
            };
            for (int k = -radius; k <= radius; ++k)
                sum += at(k);
            for (std::size_t i = 0; i < count; ++i) {
                base[i * stride] = sum / (2 * radius + 1);
                const auto ii = static_cast<std::ptrdiff_t>(i);
                sum += at(ii + radius + 1) - at(ii - radius);
            }
        }
    };
    for (int round = 0; round < 3; ++round) {
        pass(width, 1, height, width);
        pass(height, width, width, 1);
    }
}

} // namespace

RgbPortrait render_colour_portrait(std::uint32_t width, std::uint32_t height,
                                   const PortraitScene& scene)
{
    const Person p = person_of(scene.person);
    const double w = width, h = height;
    const std::uint64_t seed = mix_bits(scene.person * 7919 + scene.impression);
    // The applicant never sits exactly where they sat last time.
    const double head_cx = 0.5 * w + (trait(seed, 10) - 0.5) * 0.01 * w;
    const double head_cy = 0.40 * h + (trait(seed, 11) - 0.5) * 0.01 * h;

    const std::size_t pixels = std::size_t{width} * height;
    std::vector<double> planes(pixels * 3);
    for (std::uint32_t py = 0; py < height; ++py) {
        // The backdrop is lit a touch brighter at the top.
        const Colour background = scaled(p.background, 1.03 - 0.06 * py / h);
        for (std::uint32_t px = 0; px < width; ++px) {
            Colour c = background;
            if (scene.subject_present)
                c = subject_pixel(px + 0.5, py + 0.5, w, h, p, head_cx, head_cy, background, px, py,
                                  seed);
            double* out = &planes[(std::size_t{py} * width + px) * 3];
            out[0] = c.r;
            out[1] = c.g;
            out[2] = c.b;
        }
    }
    if (scene.blur_radius > 0) {
        for (int channel = 0; channel < 3; ++channel) {
            std::vector<double> plane(pixels);
            for (std::size_t i = 0; i < pixels; ++i)
                plane[i] = planes[i * 3 + channel];
            blur(plane, width, height, scene.blur_radius);
            for (std::size_t i = 0; i < pixels; ++i)
                planes[i * 3 + channel] = plane[i];
        }
    }
    RgbPortrait portrait{width, height, std::vector<std::uint8_t>(pixels * 3)};
    for (std::size_t i = 0; i < pixels * 3; ++i) {
        // Sensor noise after the lens, then the exposure's gain and the
        // sensor's clipping.
        const double grain = 1.5 * noise(static_cast<std::uint32_t>(i), 0, seed ^ 0xa7);
        portrait.rgb[i] = static_cast<std::uint8_t>(
            std::clamp(std::lround((planes[i] + grain) * scene.exposure_gain), 0l, 255l));
    }
    return portrait;
}

std::vector<std::uint8_t> render_portrait_jpeg(std::uint32_t width, std::uint32_t height,
                                               const PortraitScene& scene, int quality)
{
    const RgbPortrait portrait = render_colour_portrait(width, height, scene);
    return encode_jpeg(portrait.rgb, portrait.width, portrait.height, quality);
}

} // namespace ktpel::sim
