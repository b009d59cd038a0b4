// SPDX-License-Identifier: Apache-2.0
#include "eye_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "defocus_blur.hpp"
#include "eye_geometry.hpp"
#include "iris_identity.hpp"
#include "iris_texture.hpp"
#include "periodic_value_noise.hpp"
#include "seeded_random.hpp"

namespace ktpel::sim::iris {

namespace {

constexpr std::uint64_t impression_purpose = 0x1A9E5510ULL;
constexpr double pupil_grey = 16.0;
// Above 255 before blur so that the core of a reflection stays saturated
// after mild defocus, as on a real sensor.
constexpr double specular_grey = 320.0;

// Everything drawn per impression, always in the same order (see
// impression_options.hpp for why nothing is drawn conditionally).
struct ImpressionDraws
{
    double centre_dx = 0.0;
    double centre_dy = 0.0;
    double gaze_dx = 0.0;
    double gaze_dy = 0.0;
    double pupil_ratio_change = 0.0;
    double torsion_deg = 0.0;
    double natural_upper_cover = 0.0;
    double natural_lower_cover = 0.0;
    double noise_sigma = 0.0;
    double gain = 1.0;
    double offset = 0.0;
    double specular_jitter[4] = {};
    double specular_radius[2] = {};
    std::uint64_t lash_seed = 0;
    std::uint64_t noise_seed = 0;
};

ImpressionDraws draw_impression(std::uint64_t person, EyeSide side, std::uint64_t impression,
                                double iris_radius)
{
    SeededRandom random(
        mix_seed(impression_purpose, person, static_cast<std::uint64_t>(side), impression));
    ImpressionDraws d;
    d.centre_dx = std::clamp(random.normal(0.0, 14.0), -30.0, 30.0);
    d.centre_dy = std::clamp(random.normal(0.0, 10.0), -22.0, 22.0);
    d.gaze_dx = random.uniform(-0.10, 0.10) * iris_radius;
    d.gaze_dy = random.uniform(-0.06, 0.08) * iris_radius;
    d.pupil_ratio_change = std::clamp(random.normal(0.0, 0.03), -0.08, 0.08);
    d.torsion_deg = std::clamp(random.normal(0.0, 2.0), -5.0, 5.0);
    d.natural_upper_cover = random.uniform(0.02, 0.12);
    d.natural_lower_cover = random.uniform(0.0, 0.04);
    d.noise_sigma = random.uniform(1.8, 3.2);
    d.gain = random.uniform(0.93, 1.07);
    d.offset = random.uniform(-5.0, 5.0);
    for (auto& j : d.specular_jitter)
        j = random.normal(0.0, 0.06);
    for (auto& r : d.specular_radius)
        r = random.uniform(3.0, 5.5);
    d.lash_seed = random.next_u64();
    d.noise_seed = random.next_u64();
    return d;
}

// An eyelash: a tapering quadratic curve from its root on the lid margin.
struct Lash
{
    double root_x = 0.0;
    double root_y = 0.0;
    double dir_x = 0.0;
    double dir_y = 1.0;
    double length = 20.0;
    double bend = 0.0; // sideways displacement at the tip, as a fraction of length
    double thickness = 1.0;
};

std::vector<Lash> make_lashes(const EyeGeometry& g, std::uint64_t seed, bool closed)
{
    SeededRandom random(seed);
    std::vector<Lash> lashes;
    const int upper_count = closed ? 90 : 75;
    for (int i = 0; i < upper_count; ++i) {
        const double t = random.uniform(-0.95, 0.95);
        Lash lash;
        lash.root_x = g.fissure_x + t * g.fissure_half_width;
        lash.root_y = g.upper_lid_y(lash.root_x) - random.uniform(0.0, 2.0);
        const double tilt =
            (0.15 + 0.7 * std::abs(t)) * (t < 0 ? -1.0 : 1.0) + random.normal(0.0, 0.12);
        lash.dir_x = std::sin(tilt);
        lash.dir_y = std::cos(tilt);
        lash.length = random.uniform(14.0, 34.0) * (1.0 - 0.45 * std::abs(t));
        lash.bend = random.normal(0.0, 0.15) + 0.2 * t;
        lash.thickness = random.uniform(0.8, 1.4);
        lashes.push_back(lash);
    }
    const int lower_count = closed ? 0 : 30;
    for (int i = 0; i < lower_count; ++i) {
        const double t = random.uniform(-0.9, 0.9);
        Lash lash;
        lash.root_x = g.fissure_x + t * g.fissure_half_width;
        lash.root_y = g.lower_lid_y(lash.root_x) + random.uniform(0.5, 2.0);
        const double tilt = 0.5 * t + random.normal(0.0, 0.15);
        lash.dir_x = std::sin(tilt);
        lash.dir_y = std::cos(tilt);
        lash.length = random.uniform(5.0, 13.0);
        lash.bend = random.normal(0.0, 0.1);
        lash.thickness = random.uniform(0.6, 1.0);
        lashes.push_back(lash);
    }
    return lashes;
}

// Rasterises the lashes into a coverage layer (0 = none, 1 = fully covered).
std::vector<double> rasterise_lashes(const std::vector<Lash>& lashes, int width, int height)
{
    std::vector<double> alpha(static_cast<std::size_t>(width) * static_cast<std::size_t>(height),
                              0.0);
    for (const auto& lash : lashes) {
        const int steps = static_cast<int>(lash.length * 2.0);
        for (int s = 0; s <= steps; ++s) {
            const double f = static_cast<double>(s) / steps;
            const double along = f * lash.length;
            const double side = lash.bend * lash.length * f * f;
            const double px = lash.root_x + lash.dir_x * along + lash.dir_y * side;
            const double py = lash.root_y + lash.dir_y * along - lash.dir_x * side;
            const double radius = lash.thickness * (1.0 - 0.6 * f);
            const int x0 = std::max(0, static_cast<int>(std::floor(px - radius - 1.0)));
            const int x1 = std::min(width - 1, static_cast<int>(std::ceil(px + radius + 1.0)));
            const int y0 = std::max(0, static_cast<int>(std::floor(py - radius - 1.0)));
            const int y1 = std::min(height - 1, static_cast<int>(std::ceil(py + radius + 1.0)));
            for (int y = y0; y <= y1; ++y) {
                for (int x = x0; x <= x1; ++x) {
                    const double dist = std::hypot(x - px, y - py);
                    const double cover = std::clamp(radius + 0.5 - dist, 0.0, 1.0);
                    auto& a = alpha[static_cast<std::size_t>(y * width + x)];
                    a = std::max(a, cover);
                }
            }
        }
    }
    return alpha;
}

double coverage(double signed_distance_inside, double edge_width)
{
    return std::clamp(signed_distance_inside / edge_width + 0.5, 0.0, 1.0);
}

} // namespace

SyntheticEye render_eye(std::uint64_t person, EyeSide side, const ImpressionOptions& options)
{
    const IrisIdentity identity = make_iris_identity(person, side);
    const IrisTexture texture(identity);
    const ImpressionDraws draws =
        draw_impression(person, side, options.impression, identity.iris_radius_px);
    const EyeImpairments& impair = options.impairments;
    const int width = static_cast<int>(options.width);
    const int height = static_cast<int>(options.height);
    const double ri = identity.iris_radius_px;

    // Geometry of this capture.
    EyeGeometry g;
    const double off_angle = impair.off_angle_deg * std::numbers::pi / 180.0;
    g.horizontal_scale = std::cos(off_angle);
    g.fissure_x = 0.5 * (width - 1) + draws.centre_dx;
    g.fissure_y = 0.5 * (height - 1) + draws.centre_dy;
    g.fissure_half_width = identity.fissure_half_width * ri;
    // Turning the eye swings the iris sideways within the opening.
    g.iris_x = g.fissure_x + draws.gaze_dx + 1.2 * ri * std::sin(off_angle);
    g.iris_y = g.fissure_y + draws.gaze_dy;
    g.iris_radius = ri;
    const double pupil_ratio = std::clamp(
        options.pupil_ratio.value_or(identity.rest_pupil_ratio + draws.pupil_ratio_change), 0.12,
        0.80);
    g.pupil_radius = pupil_ratio * ri;
    g.pupil_u = identity.pupil_offset_x * ri;
    g.pupil_v = identity.pupil_offset_y * ri;
    g.torsion_turns = draws.torsion_deg / 360.0;

    const bool open = impair.presence == EyePresence::open;
    if (open) {
        double upper = draws.natural_upper_cover;
        double lower = draws.natural_lower_cover;
        if (impair.eyelid_occlusion) {
            const double requested = std::clamp(*impair.eyelid_occlusion, 0.0, 0.95);
            const double share = std::clamp(impair.upper_lid_share, 0.0, 1.0);
            upper = requested * share;
            lower = requested * (1.0 - share);
        }
        if (impair.eyelid_occlusion) {
            fit_lids_to_coverage(g, upper, lower, options.width, options.height);
        } else {
            // The natural opening belongs to the face, not to the gaze: fit it
            // with the eye looking straight, then let an off-angle gaze move
            // the iris under the same lids.
            EyeGeometry straight = g;
            straight.horizontal_scale = 1.0;
            straight.iris_x = g.fissure_x + draws.gaze_dx;
            fit_lids_to_coverage(straight, upper, lower, options.width, options.height);
            g.upper_lid_height = straight.upper_lid_height;
            g.lower_lid_height = straight.lower_lid_height;
        }
    } else {
        // Shut lids meet on one gently sagging curve.
        g.upper_lid_height = -0.12 * ri;
        g.lower_lid_height = 0.12 * ri;
    }

    // Illuminator reflections, inside the pupil as on a dual-eye scanner
    // with LEDs either side of the lens.
    std::vector<TruthCircle> speculars;
    if (open) {
        const double px = g.pupil_image_x();
        const double py = g.pupil_image_y();
        const double rp = g.pupil_radius;
        for (int i = 0; i < 2; ++i) {
            const double sign = i == 0 ? -1.0 : 1.0;
            TruthCircle spot;
            spot.radius = std::min(draws.specular_radius[i], 0.35 * rp);
            double ox = (sign * 0.32 + draws.specular_jitter[2 * i]) * rp;
            double oy = (-0.22 + draws.specular_jitter[2 * i + 1]) * rp;
            const double limit = rp - spot.radius - 2.0;
            const double reach = std::hypot(ox, oy);
            if (reach > limit) {
                ox *= limit / reach;
                oy *= limit / reach;
            }
            spot.x = px + ox;
            spot.y = py + oy;
            speculars.push_back(spot);
        }
    }

    const std::vector<Lash> lashes = impair.presence == EyePresence::absent
                                         ? std::vector<Lash>{}
                                         : make_lashes(g, draws.lash_seed, !open);
    const std::vector<double> lash_alpha = rasterise_lashes(lashes, width, height);

    const PeriodicValueNoise skin_broad(identity.skin_seed, 7, 5.0);
    const PeriodicValueNoise skin_fine(identity.skin_seed ^ 0x77ULL, 90, 70.0);
    std::vector<double> frame(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));

    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const double nx = static_cast<double>(x) / width;
            const double ny = static_cast<double>(y) / height;
            // The illuminator lights the centre of the field best.
            const double cx = nx - 0.5;
            const double cy = ny - 0.5;
            const double illumination = 1.0 - 0.35 * (cx * cx + cy * cy);
            const double skin = identity.skin_grey *
                                (1.0 + 0.10 * skin_broad.at(nx, ny) + 0.04 * skin_fine.at(nx, ny));
            double value = skin;

            if (impair.presence != EyePresence::absent) {
                const double upper_y = g.upper_lid_y(x);
                const double lower_y = g.lower_lid_y(x);
                const double inside_opening =
                    coverage(y - upper_y, 1.0) * coverage(lower_y - y, 1.0);
                if (inside_opening > 0.0) {
                    // Sclera, darker towards the corners of the eye.
                    const double t = (x - g.fissure_x) / g.fissure_half_width;
                    double eye = identity.sclera_grey * (1.0 - 0.22 * t * t);
                    const double u = (x - g.iris_x) / g.horizontal_scale;
                    const double v = y - g.iris_y;
                    const double r = std::hypot(u, v);
                    const double iris_alpha = coverage(ri - r, 1.8);
                    if (iris_alpha > 0.0) {
                        const double du = u - g.pupil_u;
                        const double dv = v - g.pupil_v;
                        const double dp = std::hypot(du, dv);
                        // Rubber sheet from the pupil centre: where the ray at
                        // this angle meets the limbus.
                        const double ux = dp > 1e-9 ? du / dp : 1.0;
                        const double uy = dp > 1e-9 ? dv / dp : 0.0;
                        const double b = g.pupil_u * ux + g.pupil_v * uy;
                        const double c = g.pupil_u * g.pupil_u + g.pupil_v * g.pupil_v - ri * ri;
                        const double limbus = -b + std::sqrt(b * b - c);
                        const double rho =
                            std::clamp((dp - g.pupil_radius) / (limbus - g.pupil_radius), 0.0, 1.0);
                        const double theta = std::atan2(dv, du) / (2.0 * std::numbers::pi);
                        const double iris_value =
                            identity.iris_grey *
                            texture.relative_brightness(theta - g.torsion_turns, rho);
                        const double pupil_alpha = coverage(g.pupil_radius - dp, 1.0);
                        const double iris_part =
                            iris_value * (1.0 - pupil_alpha) + pupil_grey * pupil_alpha;
                        eye = eye * (1.0 - iris_alpha) + iris_part * iris_alpha;
                    }
                    value = skin * (1.0 - inside_opening) + eye * inside_opening;
                }
                // Lid margins and the lid crease read as dark lines, fading
                // out just past the corners of the eye.
                const double corner = std::abs(x - g.fissure_x) / g.fissure_half_width;
                const double line_weight = std::clamp((1.12 - corner) / 0.12, 0.0, 1.0);
                const double margin = std::exp(-std::pow((y - upper_y) / 1.6, 2.0)) +
                                      0.5 * std::exp(-std::pow((y - lower_y) / 1.4, 2.0));
                const double crease_y = upper_y - 0.35 * ri;
                const double crease = 0.08 * std::exp(-std::pow((y - crease_y) / 4.0, 2.0));
                value *= 1.0 - line_weight * (std::min(0.55, 0.45 * margin) + crease);
                const double lash = lash_alpha[static_cast<std::size_t>(y * width + x)];
                value = value * (1.0 - 0.85 * lash);
            }
            for (const auto& spot : speculars) {
                const double cover =
                    coverage(spot.radius - std::hypot(x - spot.x, y - spot.y), 1.2);
                value = value * (1.0 - cover) + specular_grey * cover;
            }
            frame[static_cast<std::size_t>(y * width + x)] =
                value * illumination * draws.gain + draws.offset;
        }
    }

    apply_defocus_blur(frame, options.width, options.height, impair.defocus_sigma_px);

    SyntheticEye result;
    result.image.width = options.width;
    result.image.height = options.height;
    result.image.ppi = 0;
    result.image.pixels.resize(frame.size());
    SeededRandom noise(draws.noise_seed);
    for (std::size_t i = 0; i < frame.size(); ++i) {
        const double noisy = frame[i] + noise.normal(0.0, draws.noise_sigma);
        result.image.pixels[i] =
            static_cast<std::uint8_t>(std::clamp(std::lround(noisy), 0L, 255L));
    }

    EyeGroundTruth& truth = result.truth;
    truth.presence = impair.presence;
    truth.defocus_sigma_px = std::max(0.0, impair.defocus_sigma_px);
    truth.noise_sigma = draws.noise_sigma;
    truth.off_angle_deg = impair.off_angle_deg;
    truth.horizontal_scale = g.horizontal_scale;
    if (open) {
        truth.pupil = {g.pupil_image_x(), g.pupil_image_y(), g.pupil_radius};
        truth.iris = {g.iris_x, g.iris_y, g.iris_radius};
        truth.pupil_iris_ratio = pupil_ratio;
        truth.torsion_deg = draws.torsion_deg;
        const LidCoverage lids = measure_lid_coverage(g, options.width, options.height);
        truth.upper_lid_fraction = lids.upper;
        truth.lower_lid_fraction = lids.lower;
        truth.occluded_fraction = lids.total();
        long annulus = 0;
        long lashed = 0;
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                if (!g.in_iris_annulus(x, y))
                    continue;
                ++annulus;
                if (!g.above_upper_lid(x, y) && !g.below_lower_lid(x, y) &&
                    lash_alpha[static_cast<std::size_t>(y * width + x)] > 0.5)
                    ++lashed;
            }
        }
        truth.eyelash_fraction =
            annulus > 0 ? static_cast<double>(lashed) / static_cast<double>(annulus) : 0.0;
        truth.specular_spots = speculars;
    }
    return result;
}

SyntheticEyePair render_eye_pair(std::uint64_t person, const ImpressionOptions& options)
{
    return {render_eye(person, EyeSide::right, options),
            render_eye(person, EyeSide::left, options)};
}

} // namespace ktpel::sim::iris
