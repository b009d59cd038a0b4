// SPDX-License-Identifier: Apache-2.0
#include "singular_points.hpp"

namespace ktpel::sim::fingerprint {

std::vector<SingularPoint> place_singular_points(PatternClass pattern, const FingertipShape& shape,
                                                 SeededRandom& random)
{
    const double w = shape.half_width;
    const double h = shape.half_height;
    const Point2 c = shape.centre;
    std::vector<SingularPoint> points;
    switch (pattern) {
    case PatternClass::Arch:
        break;
    case PatternClass::TentedArch: {
        const Point2 core{c.x + random.uniform(-0.1, 0.1) * w,
                          c.y + random.uniform(-0.2, 0.05) * h};
        points.push_back({SingularityKind::Core, core});
        points.push_back(
            {SingularityKind::Delta,
             {core.x + random.uniform(-0.08, 0.08) * w, core.y + random.uniform(0.25, 0.4) * h}});
        break;
    }
    case PatternClass::LeftLoop:
    case PatternClass::RightLoop: {
        // The delta sits on the side the ridges do not leave by.
        const double side = pattern == PatternClass::LeftLoop ? 1.0 : -1.0;
        const Point2 core{c.x + side * random.uniform(-0.18, 0.06) * w,
                          c.y + random.uniform(-0.3, 0.0) * h};
        points.push_back({SingularityKind::Core, core});
        points.push_back({SingularityKind::Delta,
                          {core.x + side * random.uniform(0.45, 0.8) * w,
                           core.y + random.uniform(0.45, 0.75) * h}});
        break;
    }
    case PatternClass::Whorl: {
        const Point2 upper{c.x + random.uniform(-0.12, 0.12) * w,
                           c.y + random.uniform(-0.3, -0.05) * h};
        const Point2 lower{upper.x + random.uniform(-0.15, 0.15) * w,
                           upper.y + random.uniform(0.1, 0.22) * h};
        points.push_back({SingularityKind::Core, upper});
        points.push_back({SingularityKind::Core, lower});
        const double delta_y = lower.y + random.uniform(0.3, 0.55) * h;
        points.push_back(
            {SingularityKind::Delta,
             {c.x - random.uniform(0.6, 0.9) * w, delta_y + random.uniform(-0.1, 0.1) * h}});
        points.push_back(
            {SingularityKind::Delta,
             {c.x + random.uniform(0.6, 0.9) * w, delta_y + random.uniform(-0.1, 0.1) * h}});
        break;
    }
    }
    return points;
}

} // namespace ktpel::sim::fingerprint
