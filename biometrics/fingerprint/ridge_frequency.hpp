// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foreground_mask.hpp"
#include "image_plane.hpp"
#include "orientation_field.hpp"

namespace ktpel::biometrics::fingerprint {

// Local ridge period per block (Hong, Wan & Jain 1998): measured from the
// x-signature where it is clear, interpolated from neighbours where it is
// not, then smoothed, since the period of a real finger varies slowly.
struct RidgePeriodField
{
    int block_size = 16;
    FloatPlane period; // pixels per ridge, per block
    float median_period = 9.0f;

    float at_pixel(int x, int y) const { return period.clamped(x / block_size, y / block_size); }
};

struct RidgePeriodParameters
{
    // 500 ppi adult and child fingers: 0.2 .. 1.0 mm ridge spacing.
    float minimum_period = 4.0f;
    float maximum_period = 20.0f;
    float default_period = 9.0f; // used when no block could be measured
    int signature_length = 32;
    int signature_width = 16;
};

RidgePeriodField estimate_ridge_period(const FloatPlane& normalised,
                                       const OrientationField& orientation,
                                       const ForegroundMask& mask,
                                       const RidgePeriodParameters& parameters = {});

} // namespace ktpel::biometrics::fingerprint
