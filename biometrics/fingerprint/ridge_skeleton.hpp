// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "image_plane.hpp"

namespace ktpel::biometrics::fingerprint {

// Ridge pixels (1) of the enhanced image inside the pixel mask. Ridge
// specks and valley holes smaller than minimum_area pixels are removed
// first: each would otherwise become an island (two false endings) or a
// lake (two false bifurcations) after thinning.
BytePlane binarise_ridges(const FloatPlane& enhanced, const BytePlane& pixel_mask,
                          int minimum_area);

// One-pixel-wide, 8-connected skeleton: Zhang & Suen parallel thinning
// (CACM 27(3), 1984), followed by removal of the staircase corner pixels
// it leaves on diagonal ridges. Those corners have three neighbours and
// would otherwise disturb the crossing number.
BytePlane thin_ridges(BytePlane ridges);

// Crossing number (Rutovitz; Arcelli & Sanniti di Baja): half the number of
// 0/1 transitions around the 8-neighbourhood. 1 = ridge ending,
// 2 = ridge continues, 3 = bifurcation.
int crossing_number(const BytePlane& skeleton, int x, int y);

} // namespace ktpel::biometrics::fingerprint
