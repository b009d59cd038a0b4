// SPDX-License-Identifier: Apache-2.0
// The iris pattern as a function of normalised coordinates (Daugman's
// rubber-sheet model): theta in turns, rho from 0 at the pupil boundary to 1
// at the limbus. Pupil dilation and gaze then only change where a
// (theta, rho) lands in the image, never the pattern itself, which is what
// makes two captures of one eye match and two eyes differ.
#pragma once

#include "iris_identity.hpp"
#include "periodic_value_noise.hpp"

namespace ktpel::sim::iris {

class IrisTexture
{
public:
    explicit IrisTexture(const IrisIdentity& identity);

    // Multiplicative brightness around 1.0 (roughly 0.4 .. 1.5).
    double relative_brightness(double theta_turns, double rho) const;

private:
    double spot_darkening(const IrisSpot& spot, double theta_turns, double rho,
                          double sharpness) const;

    const IrisIdentity& identity_;
    PeriodicValueNoise coarse_furrows_;
    PeriodicValueNoise fine_fibres_;
    PeriodicValueNoise hair_fibres_;
    PeriodicValueNoise collarette_wave_;
    PeriodicValueNoise ring_arcs_;
    double rest_pupil_px_;
    double annulus_px_;
};

} // namespace ktpel::sim::iris
