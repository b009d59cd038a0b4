// SPDX-License-Identifier: Apache-2.0
// Non-linear skin distortion after Cappelli, Maio and Maltoni, "Modelling
// plastic distortion in fingerprint images" (ICAPR 2001): the skin in the
// close-contact region sticks to the platen and does not move; outside it
// the skin follows the finger's residual translation and rotation, with a
// transition that grows smoothly with the distance from the region.
#pragma once

#include "geometry.hpp"

namespace ktpel::sim::fingerprint {

struct SkinDistortion
{
    // Close-contact region: an axis-aligned ellipse in master coordinates.
    Point2 contact_centre;
    double contact_radius_x = 1.0;
    double contact_radius_y = 1.0;
    // Residual movement of the outer skin: translation (pixels) and
    // rotation about contact_centre (radians, counter-clockwise on screen).
    double shift_x = 0.0;
    double shift_y = 0.0;
    double twist = 0.0;
    // Distance outside the region (pixels) over which the movement builds
    // up to about 63% of its full value.
    double brake_px = 50.0;

    // No distortion at all.
    static SkinDistortion none();

    // Master point -> distorted point (both in master coordinates).
    Point2 apply(Point2 point) const;
    // The inverse, by fixed-point iteration; accurate to well below a pixel
    // for the moderate distortions real skin shows.
    Point2 invert(Point2 distorted) const;
    bool is_identity() const { return shift_x == 0.0 && shift_y == 0.0 && twist == 0.0; }

private:
    Point2 displacement(Point2 point) const;
};

} // namespace ktpel::sim::fingerprint
