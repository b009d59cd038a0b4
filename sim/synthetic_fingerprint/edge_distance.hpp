// SPDX-License-Identifier: Apache-2.0
// Distance of every pixel to the outside of a region: keeps minutiae and
// contact shading away from the rim of the fingertip.
#pragma once

#include <cstdint>
#include <vector>

namespace ktpel::sim::fingerprint {

// `inside` is width x height, non-zero inside the region. Returns the
// approximate Euclidean distance (3-4 chamfer, within ~8%) in pixels from
// each inside pixel to the nearest outside pixel or image border; 0
// outside. Throws std::invalid_argument on a size mismatch.
std::vector<float> distance_to_outside(const std::vector<std::uint8_t>& inside, int width,
                                       int height);

} // namespace ktpel::sim::fingerprint
