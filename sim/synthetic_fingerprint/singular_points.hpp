// SPDX-License-Identifier: Apache-2.0
// Cores and deltas of a master and where each pattern class puts them.
#pragma once

#include <vector>

#include "fingertip_shape.hpp"
#include "geometry.hpp"
#include "pattern_class.hpp"
#include "seeded_random.hpp"

namespace ktpel::sim::fingerprint {

enum class SingularityKind
{
    Core,
    Delta,
};

struct SingularPoint
{
    SingularityKind kind = SingularityKind::Core;
    Point2 position; // master coordinates, may lie outside the outline
};

// Arch: none. Tented arch: a core with a delta just below it. Loop: one
// core near the centre and a delta below it on the side opposite the
// opening. Whorl: two nearby cores and a delta on each side below them.
std::vector<SingularPoint> place_singular_points(PatternClass pattern, const FingertipShape& shape,
                                                 SeededRandom& random);

} // namespace ktpel::sim::fingerprint
