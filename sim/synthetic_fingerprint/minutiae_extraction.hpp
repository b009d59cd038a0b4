// SPDX-License-Identifier: Apache-2.0
// Ground-truth minutiae from a clean ridge skeleton: crossing number on
// the skeleton, direction by following the ridge lines, then removal of
// the artefacts thinning and the rim of the fingertip produce.
#pragma once

#include <cstdint>
#include <vector>

#include "minutia.hpp"

namespace ktpel::sim::fingerprint {

struct MinutiaeExtractionParams
{
    // Typical ridge period of the image, pixels: scales every length rule.
    double ridge_period = 9.5;
    // Minutiae closer than this to the outline are dropped: there the
    // ridge lines are cut by the outline, not by the skin.
    double border_margin_px = 12.0;
};

// `skeleton` and `edge_distance` are width x height (skeleton non-zero on
// ridge lines; edge_distance as from distance_to_outside). Removes spurs
// (an ending joined to a fork within ~1 period), short isolated pieces,
// bridges/holes (two forks within ~1 period) and minutiae near the rim.
// Throws std::invalid_argument on size mismatches.
std::vector<Minutia> extract_minutiae(const std::vector<std::uint8_t>& skeleton,
                                      const std::vector<float>& edge_distance, int width,
                                      int height, const MinutiaeExtractionParams& params);

} // namespace ktpel::sim::fingerprint
