// SPDX-License-Identifier: Apache-2.0
// Pupil boundary by Daugman's integro-differential operator, coarse to fine:
// dark-blob candidates on a 4x reduced frame, a circle search around each,
// then refinement at full resolution to a quarter pixel.
#pragma once

#include <optional>

#include "circle.hpp"
#include "grey_frame.hpp"

namespace ktpel::biometrics::iris {

struct PupilSearchLimits
{
    double min_radius_px = 12.0;
    double max_radius_px = 100.0;
};

struct PupilFinding
{
    Circle circle;
    // Contour-mean jump across the boundary (grey levels), the operator's
    // response at its maximum.
    double edge_strength = 0.0;
    double inner_level = 0.0;  // median inside 0.7 r
    double inner_spread = 0.0; // inter-quartile range / 1.349 inside 0.7 r
    double ring_level = 0.0;   // mean over r + 4 .. r + 8
};

// `frame` should already have specular reflections filled in (they sit
// inside the pupil and would otherwise pull the contour means up).
// nullopt when no candidate circle fits in the frame at all.
std::optional<PupilFinding> locate_pupil(const GreyFrame& frame, const PupilSearchLimits& limits);

} // namespace ktpel::biometrics::iris
