// SPDX-License-Identifier: Apache-2.0
// The five Henry-style pattern classes and a per-finger prior for choosing
// one, so the generated population has plausible class frequencies (whorls
// common on thumbs and ring fingers, radial loops mostly on index fingers,
// ulnar loops dominant on little fingers).
#pragma once

#include <string_view>

#include "finger_position.hpp"
#include "seeded_random.hpp"

namespace ktpel::sim::fingerprint {

// Left/right loop as seen in the image (dark ridges, finger pad facing the
// viewer as on a scanner): a right loop's ridges enter and leave on the
// right, its delta is on the left. On the right hand the little finger is
// on the right of the image, so a right-hand ulnar loop is a RightLoop.
enum class PatternClass
{
    Arch,
    TentedArch,
    LeftLoop,
    RightLoop,
    Whorl,
};

std::string_view pattern_class_name(PatternClass pattern);

// Draws one class from the per-digit prior (approximate population
// frequencies; see docs/synthetic-fingerprints.md).
PatternClass choose_pattern_class(FingerPosition position, SeededRandom& random);

} // namespace ktpel::sim::fingerprint
