// SPDX-License-Identifier: Apache-2.0
// Where the pen is along one stroke design at a given time since it
// touched down: the continuous trajectory the pad then samples.
#pragma once

#include "signature_style.hpp"

namespace ktpel::sim::signature {

double duration_of(const StrokeDesign& stroke);

// Position in the signature frame (mm, y up) at `time_ms` since the pen
// touched down, clamped to the stroke's duration.
Point position_at(const StrokeDesign& stroke, double time_ms);

} // namespace ktpel::sim::signature
