// SPDX-License-Identifier: Apache-2.0
#include "iris_texture.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ktpel::sim::iris {

namespace {

double gaussian_bump(double x, double width)
{
    const double t = x / width;
    return std::exp(-t * t);
}

double smoothstep(double edge0, double edge1, double x)
{
    const double t = std::clamp((x - edge0) / (edge1 - edge0), 0.0, 1.0);
    return t * t * (3.0 - 2.0 * t);
}

// Signed angular distance in turns, in [-0.5, 0.5).
double turn_difference(double a, double b)
{
    double d = a - b;
    d -= std::floor(d + 0.5);
    return d;
}

} // namespace

IrisTexture::IrisTexture(const IrisIdentity& identity)
    : identity_(identity),
      // Many cells around, few along the radius: radial streaks (furrows).
      coarse_furrows_(identity.furrow_seed, 48, 3.0), fine_fibres_(identity.fibre_seed, 150, 7.0),
      hair_fibres_(identity.fibre_seed ^ 0xA5A5A5A5ULL, 320, 4.0),
      collarette_wave_(identity.collarette_seed, 14, 1.0),
      ring_arcs_(identity.collarette_seed ^ 0x5A5A5A5AULL, 10, 1.0),
      rest_pupil_px_(identity.rest_pupil_ratio * identity.iris_radius_px),
      annulus_px_(identity.iris_radius_px * (1.0 - identity.rest_pupil_ratio))
{
}

double IrisTexture::spot_darkening(const IrisSpot& spot, double theta_turns, double rho,
                                   double sharpness) const
{
    const double radius_px = rest_pupil_px_ + spot.rho * annulus_px_;
    const double dt_px =
        turn_difference(theta_turns, spot.theta) * 2.0 * std::numbers::pi * radius_px;
    const double dr_px = (rho - spot.rho) * annulus_px_;
    const double a = dt_px / spot.tangential_size_px;
    const double b = dr_px / spot.radial_size_px;
    const double d2 = a * a + b * b;
    if (d2 > 9.0)
        return 0.0;
    // Flat-bottomed spot with a soft rim; sharpness > 1 gives crisper edges.
    return spot.depth * std::exp(-std::pow(d2, sharpness));
}

double IrisTexture::relative_brightness(double theta_turns, double rho) const
{
    const IrisIdentity& id = identity_;
    const double contrast = id.texture_contrast;

    // Radial furrows and fibres.
    double texture = 0.55 * coarse_furrows_.at(theta_turns, rho) +
                     0.30 * fine_fibres_.at(theta_turns, rho) +
                     0.20 * hair_fibres_.at(theta_turns, rho);
    double value = 1.0 + contrast * texture;

    // Collarette: a wavy ridge separating the pupillary and ciliary zones.
    const double collarette =
        id.collarette_rho + 0.05 * collarette_wave_.at(theta_turns, 0.5 * rho);
    value += id.pupillary_zone_offset * (1.0 - smoothstep(collarette - 0.03, collarette, rho));
    value += 0.22 * gaussian_bump(rho - collarette, 0.025);
    value -= 0.12 * gaussian_bump(rho - collarette - 0.06, 0.035);

    // Pupillary ruff: the dark pigment frill right at the pupil margin.
    value -= 0.35 * gaussian_bump(rho, 0.035);

    // Contraction furrows: partial concentric rings in the ciliary zone.
    for (const auto& ring : id.rings) {
        const double visible = std::max(0.0, ring_arcs_.at(theta_turns, ring.rho * 7.0));
        value -= ring.depth * 2.0 * visible * gaussian_bump(rho - ring.rho, 0.014);
    }

    for (const auto& crypt : id.crypts)
        value -= spot_darkening(crypt, theta_turns, rho, 1.5);
    for (const auto& freckle : id.freckles)
        value -= spot_darkening(freckle, theta_turns, rho, 3.0);

    // The limbus darkens towards the sclera.
    value -= 0.22 * smoothstep(0.78, 1.0, rho);
    return std::max(value, 0.15);
}

} // namespace ktpel::sim::iris
