// SPDX-License-Identifier: Apache-2.0
// Focus from the pixels: the high-frequency power passed by Daugman's 8x8
// band-pass kernel (-1 everywhere, +3 in the central 4x4; zero DC response),
// evaluated every 4th row and column (Daugman 2004, "How iris recognition
// works", section 4). Defocus is a low-pass filter, so it removes exactly
// the power this kernel measures.
#pragma once

#include "circle.hpp"
#include "grey_frame.hpp"

namespace ktpel::biometrics::iris {

struct FocusMeasure
{
    double power = 0.0; // mean squared kernel response per position
    // 100 * power^2 / (power^2 + half_power^2): 50 at half_power.
    double score = 0.0;
};

// Kernel positions whose 8x8 support lies inside the square that bounds
// `region` (clipped to the frame).
FocusMeasure measure_focus(const GreyFrame& frame, const Circle& region, double half_power);

} // namespace ktpel::biometrics::iris
