// SPDX-License-Identifier: Apache-2.0
#include "focus_measure.hpp"

#include <algorithm>
#include <cmath>

namespace ktpel::biometrics::iris {

FocusMeasure measure_focus(const GreyFrame& frame, const Circle& region, double half_power)
{
    const int x0 = std::max(0, static_cast<int>(region.x - region.radius));
    const int y0 = std::max(0, static_cast<int>(region.y - region.radius));
    const int x1 = std::min(frame.width() - 8, static_cast<int>(region.x + region.radius) - 7);
    const int y1 = std::min(frame.height() - 8, static_cast<int>(region.y + region.radius) - 7);
    double sum = 0.0;
    long n = 0;
    for (int y = y0; y <= y1; y += 4)
        for (int x = x0; x <= x1; x += 4) {
            // Sum over 8x8 times -1, plus 4 times the central 4x4: equals
            // -1 outside and +3 inside the centre.
            double all = 0.0;
            double centre = 0.0;
            for (int dy = 0; dy < 8; ++dy)
                for (int dx = 0; dx < 8; ++dx) {
                    const double v = frame.at(x + dx, y + dy);
                    all += v;
                    if (dx >= 2 && dx < 6 && dy >= 2 && dy < 6)
                        centre += v;
                }
            const double response = 4.0 * centre - all;
            sum += response * response;
            ++n;
        }
    FocusMeasure focus;
    if (n == 0)
        return focus;
    focus.power = sum / static_cast<double>(n);
    const double p2 = focus.power * focus.power;
    focus.score = 100.0 * p2 / (p2 + half_power * half_power);
    return focus;
}

} // namespace ktpel::biometrics::iris
