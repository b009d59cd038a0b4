// SPDX-License-Identifier: Apache-2.0
// A ground-truth minutia. Position in pixels (image coordinates, see
// geometry.hpp). Direction in radians in [0, 2*pi), counter-clockwise from
// the image x axis as seen on screen, as in ISO/IEC 19794-2:
//  - ridge ending: points from the ending back along the ridge it ends;
//  - bifurcation: points from the fork between the two branches, away
//    from the stem.
// (Both are the bisector of the smallest angle of the three rays of the
// minutia, the rule ANSI/NIST-ITL also uses.)
#pragma once

#include <string_view>

namespace ktpel::sim::fingerprint {

enum class MinutiaType
{
    RidgeEnding,
    Bifurcation,
};

struct Minutia
{
    double x = 0.0;
    double y = 0.0;
    double direction = 0.0;
    MinutiaType type = MinutiaType::RidgeEnding;
};

std::string_view minutia_type_name(MinutiaType type);

// ISO/IEC 19794-2 record encoding of the direction: units of 360/256
// degrees, 0..255.
int iso_angle_units(const Minutia& minutia);

} // namespace ktpel::sim::fingerprint
