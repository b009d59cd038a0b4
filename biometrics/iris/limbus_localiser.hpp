// SPDX-License-Identifier: Apache-2.0
// Outer iris boundary (limbus) by the integro-differential operator on the
// two lateral arcs only. Upper and lower lids cover the top and bottom of
// the iris on most real captures; the sides of the limbus against the sclera
// are almost always visible (Daugman 2004, section 2).
#pragma once

#include <optional>

#include "circle.hpp"
#include "grey_frame.hpp"

namespace ktpel::biometrics::iris {

struct LimbusSearchLimits
{
    double min_radius_px = 50.0;
    double max_radius_px = 200.0;
    // How far the iris centre may sit from the pupil centre.
    double max_centre_offset_px = 12.0;
};

struct LimbusFinding
{
    Circle circle;
    double edge_strength = 0.0; // contour-mean jump, grey levels
};

std::optional<LimbusFinding> locate_limbus(const GreyFrame& frame, const Circle& pupil,
                                           const LimbusSearchLimits& limits);

} // namespace ktpel::biometrics::iris
