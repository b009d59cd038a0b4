// SPDX-License-Identifier: Apache-2.0
// The outline of the fingertip area a master covers: rounded (elliptic)
// towards the tip, squarer towards the first crease because the finger
// continues there. Sizes follow typical adult fingertip widths per digit.
#pragma once

#include "finger_position.hpp"
#include "geometry.hpp"
#include "seeded_random.hpp"

namespace ktpel::sim::fingerprint {

struct FingertipShape
{
    Point2 centre;         // pixels in master coordinates
    double half_width = 0; // pixels
    double half_height = 0;

    // 1 on the outline, < 1 inside; a smooth "how far out" measure.
    double normalised_radius(Point2 point) const;
    bool contains(Point2 point) const { return normalised_radius(point) < 1.0; }
};

// Canvas margin around the outline in a master, so growth and filtering
// have room at the edges.
inline constexpr int master_margin_px = 14;

// A shape for the given digit at 500 ppi, with a per-finger size spread;
// the centre is placed so the shape plus margin starts at (0, 0).
FingertipShape fingertip_shape_for(FingerPosition position, SeededRandom& random);

} // namespace ktpel::sim::fingerprint
