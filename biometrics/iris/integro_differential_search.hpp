// SPDX-License-Identifier: Apache-2.0
// The search at the heart of Daugman's integro-differential operator: over a
// grid of centres and radii, the largest jump of the contour mean between
// r - gap and r + gap. Positive jumps mean "darker inside", which holds for
// both iris boundaries in near-infrared (pupil < iris < sclera).
#pragma once

#include "circle.hpp"
#include "contour_sampler.hpp"
#include "grey_frame.hpp"

namespace ktpel::biometrics::iris {

struct CircleScore
{
    Circle circle;
    double score = -1e9; // stays at -1e9 when no circle could be evaluated
    bool valid() const { return score > -1e8; }
};

struct CircleSearchGrid
{
    double centre_x = 0.0;
    double centre_y = 0.0;
    double centre_reach = 0.0; // search +-reach around the centre
    double centre_step = 1.0;
    double radius_low = 0.0;
    double radius_high = 0.0;
    double radius_step = 1.0;
    double gap = 1.0; // half-width of the radial difference
    // Score (outer - inner) / (inner + 10) instead of outer - inner: favours
    // a very dark interior, which tells the pupil from the limbus when the
    // radius range admits both.
    bool relative_to_inner = false;
};

CircleScore search_circles(const GreyFrame& frame, const ContourSampler& sampler,
                           const CircleSearchGrid& grid);

} // namespace ktpel::biometrics::iris
