// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foreground_mask.hpp"
#include "image_plane.hpp"
#include "orientation_field.hpp"
#include "ridge_frequency.hpp"

namespace ktpel::biometrics::fingerprint {

// Contextual Gabor enhancement (Hong, Wan & Jain 1998) in the separable
// realisation of Areekul, Watchareeruetai, Suppasriwasuseth & Tantaratana
// (IEEE TIP 14(12), 2005): the even Gabor kernel tuned to the local ridge
// orientation and period factors into a 1-D Gaussian along the ridge times
// a 1-D cosine-Gaussian across it. Two 1-D passes sampled along the local
// directions cost about 40 taps per pixel instead of about 600 for the 2-D
// kernel, which is what keeps extraction within tens of milliseconds.
struct GaborParameters
{
    float along_ridge_sigma = 4.0f;        // pixels: bridges gaps and pores along the ridge
    float across_sigma_per_period = 0.45f; // across-ridge sigma as a fraction of the period
    int angle_bins = 32;                   // orientation quantisation over [0, pi)
};

// Returns the enhanced image: positive on ridges, negative in valleys,
// zero outside the (one block dilated) foreground.
FloatPlane enhance_ridges(const FloatPlane& normalised, const OrientationField& orientation,
                          const RidgePeriodField& period, const ForegroundMask& mask,
                          const GaborParameters& parameters = {});

} // namespace ktpel::biometrics::fingerprint
