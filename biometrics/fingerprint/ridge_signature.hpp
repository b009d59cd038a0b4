// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include "image_plane.hpp"

namespace ktpel::biometrics::fingerprint {

// The "x-signature" of Hong, Wan & Jain (IEEE PAMI 20(8), 1998): grey values
// of an oriented window, averaged along the ridge direction, as a function
// of position across the ridges. In a clean print it is a sinusoid whose
// period is the ridge period; frequency estimation, local clarity and
// frequency-domain quality all read it.
struct RidgeSignatureWindow
{
    float centre_x = 0.0f;
    float centre_y = 0.0f;
    float ridge_angle = 0.0f; // radians, image coordinates, along the ridges
    int length = 32;          // samples across the ridges
    int width = 16;           // samples averaged along the ridges
};

std::vector<float> ridge_signature(const FloatPlane& plane, const RidgeSignatureWindow& window);

// Ridge period (pixels) from the mean spacing of mean-crossings of a
// signature, with sub-sample interpolation. Returns 0 when fewer than three
// crossings exist or the spacing is outside [minimum, maximum].
float signature_period(const std::vector<float>& signature, float minimum_period,
                       float maximum_period);

} // namespace ktpel::biometrics::fingerprint
