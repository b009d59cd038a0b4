// SPDX-License-Identifier: Apache-2.0
// Reduces a binary ridge image to one-pixel-wide, 8-connected ridge lines,
// the input the crossing-number minutiae detector needs.
#pragma once

#include <cstdint>
#include <vector>

namespace ktpel::sim::fingerprint {

// `binary` is width x height, non-zero on ridges. Zhang-Suen thinning,
// then removal of the staircase corner pixels it leaves (they would read
// as false bifurcations). Returns 1 on skeleton pixels, 0 elsewhere.
// Throws std::invalid_argument on a size mismatch.
std::vector<std::uint8_t> thin_to_skeleton(const std::vector<std::uint8_t>& binary, int width,
                                           int height);

} // namespace ktpel::sim::fingerprint
