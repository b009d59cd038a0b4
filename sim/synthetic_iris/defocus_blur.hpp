// SPDX-License-Identifier: Apache-2.0
// Defocus of the scanner optics, modelled as a separable Gaussian
// point-spread function on a floating-point frame (before sensor noise and
// quantisation, as in a real camera).
#pragma once

#include <cstdint>
#include <vector>

namespace ktpel::sim::iris {

// In place; sigma <= 0 leaves the frame untouched. Edges are clamped.
void apply_defocus_blur(std::vector<double>& frame, std::uint32_t width, std::uint32_t height,
                        double sigma_px);

} // namespace ktpel::sim::iris
