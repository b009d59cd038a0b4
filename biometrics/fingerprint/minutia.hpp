// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

namespace ktpel::biometrics::fingerprint {

enum class MinutiaType : std::uint8_t
{
    ridge_ending,
    ridge_bifurcation,
};

// One minutia in image pixels.
//
// Angle convention (the one ISO/IEC 19794-2 uses): radians in [0, 2*pi),
// counter-clockwise from the positive x axis *as the image is displayed*,
// i.e. with the y axis pointing up although pixel rows grow downwards. An
// angle computed from pixel offsets (dx, dy) is therefore atan2(-dy, dx).
// Direction: for a ridge ending, from the ending along the ridge that ends
// there; for a bifurcation, from the fork into the valley between the two
// branches. Both point towards the side where one more ridge exists.
struct Minutia
{
    int x = 0;
    int y = 0;
    double angle_radians = 0.0;
    MinutiaType type = MinutiaType::ridge_ending;
    // 0..100: local orientation certainty, ridge clarity and distance from
    // the foreground border (see docs/fingerprint-processing.md).
    int quality = 0;
};

} // namespace ktpel::biometrics::fingerprint
