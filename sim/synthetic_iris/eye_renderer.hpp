// SPDX-License-Identifier: Apache-2.0
// Synthetic near-infrared eye captures for the iris scanner emulator, the
// iris tests and the iris benchmark.
//
// Per (person, eye) the iris pattern and resting geometry are fixed
// (iris_identity.hpp); per impression the position, gaze, pupil dilation,
// torsion, lid opening, illuminator reflections, gain and sensor noise
// change; impairments (defocus, occlusion, off-angle, closed or absent eye)
// are under the caller's control. Output is 8-bit grey, row-major.
#pragma once

#include <cstdint>

#include "eye_ground_truth.hpp"
#include "eye_side.hpp"
#include "impression_options.hpp"

namespace ktpel::sim::iris {

SyntheticEye render_eye(std::uint64_t person, EyeSide side, const ImpressionOptions& options = {});

// Both eyes of one dual-eye capture (same impression number and impairments).
struct SyntheticEyePair
{
    SyntheticEye right;
    SyntheticEye left;
};

SyntheticEyePair render_eye_pair(std::uint64_t person, const ImpressionOptions& options = {});

} // namespace ktpel::sim::iris
