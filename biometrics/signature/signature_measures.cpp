// SPDX-License-Identifier: Apache-2.0
#include "signature_measures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ktpel::biometrics::signature {

InkBox ink_box_of(const std::vector<ktpel::PenStroke>& strokes)
{
    InkBox box;
    box.left = box.top = std::numeric_limits<std::uint16_t>::max();
    for (const auto& stroke : strokes) {
        for (const auto& sample : stroke.samples) {
            box.empty = false;
            box.left = std::min(box.left, sample.x);
            box.top = std::min(box.top, sample.y);
            box.right = std::max(box.right, sample.x);
            box.bottom = std::max(box.bottom, sample.y);
        }
    }
    if (box.empty)
        return InkBox{};
    return box;
}

SignatureMeasures measure(const std::vector<ktpel::PenStroke>& strokes,
                          const ktpel::PadGeometry& geometry)
{
    SignatureMeasures measures;
    const double mm_per_unit = geometry.units_per_mm > 0 ? 1.0 / geometry.units_per_mm : 0;
    double length_units = 0;
    std::uint32_t first_ms = std::numeric_limits<std::uint32_t>::max();
    std::uint32_t last_ms = 0;
    for (const auto& stroke : strokes) {
        if (stroke.samples.empty())
            continue;
        ++measures.stroke_count;
        measures.point_count += stroke.samples.size();
        first_ms = std::min(first_ms, stroke.samples.front().time_ms);
        last_ms = std::max(last_ms, stroke.samples.back().time_ms);
        for (std::size_t i = 1; i < stroke.samples.size(); ++i) {
            const double dx = static_cast<double>(stroke.samples[i].x) - stroke.samples[i - 1].x;
            const double dy = static_cast<double>(stroke.samples[i].y) - stroke.samples[i - 1].y;
            length_units += std::hypot(dx, dy);
        }
    }
    measures.box = ink_box_of(strokes);
    if (measures.box.empty)
        return measures;
    measures.ink_length_mm = length_units * mm_per_unit;
    measures.duration_ms = last_ms >= first_ms ? last_ms - first_ms : 0;
    measures.width_mm = (measures.box.right - measures.box.left) * mm_per_unit;
    measures.height_mm = (measures.box.bottom - measures.box.top) * mm_per_unit;
    return measures;
}

} // namespace ktpel::biometrics::signature
