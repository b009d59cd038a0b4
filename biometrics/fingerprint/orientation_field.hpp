// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "image_plane.hpp"

namespace ktpel::biometrics::fingerprint {

// Ridge orientation per pixel from the smoothed gradient structure tensor
// (Bazen & Gerez, IEEE PAMI 24(7), 2002; Kass & Witkin 1987). Averaging the
// tensor rather than the angles is what makes opposite gradients on the two
// flanks of a ridge reinforce instead of cancelling.
struct OrientationField
{
    // Ridge direction in radians, image coordinates (x right, y down),
    // in [0, pi): the direction along which grey values stay constant.
    FloatPlane ridge_angle;
    // 0 (isotropic: noise, flat, singular point) .. 1 (perfectly parallel
    // ridges): (l1 - l2) / (l1 + l2) of the smoothed tensor.
    FloatPlane coherence;
    // Mean squared gradient magnitude over the smoothing window; flat
    // background has almost none.
    FloatPlane energy;
};

struct OrientationParameters
{
    float gradient_presmoothing_sigma = 1.0f; // removes pixel noise before differentiating
    int tensor_window_radius = 7;             // two box passes ~ Gaussian sigma 6
};

OrientationField estimate_orientation(const FloatPlane& grey,
                                      const OrientationParameters& parameters = {});

// Sobel gradients, exposed because block features reuse them.
struct GradientPlanes
{
    FloatPlane dx;
    FloatPlane dy;
};
GradientPlanes sobel_gradients(const FloatPlane& grey);

} // namespace ktpel::biometrics::fingerprint
