// SPDX-License-Identifier: Apache-2.0
// The ridge orientation of a master at every pixel, from its singular
// points with the zero-pole model of Sherlock and Monro (1993) and a
// Vizcaya-Gerhardt style (1996) per-singularity correction of the angular
// behaviour, so two fingers with the same class do not have identical
// ridge flow. Arches, which have no singular points, use an analytic arch.
#pragma once

#include <vector>

#include "fingertip_shape.hpp"
#include "pattern_class.hpp"
#include "seeded_random.hpp"
#include "singular_points.hpp"

namespace ktpel::sim::fingerprint {

class OrientationField
{
public:
    OrientationField() = default;
    OrientationField(int width, int height);

    // Ridge direction at every pixel of a width x height master.
    static OrientationField from_pattern(int width, int height, PatternClass pattern,
                                         const std::vector<SingularPoint>& singular_points,
                                         const FingertipShape& shape, SeededRandom& random);

    int width() const { return width_; }
    int height() const { return height_; }
    // Orientation in [0, pi), counter-clockwise on screen from the x axis;
    // coordinates are clamped to the field.
    double at(int x, int y) const;
    void set(int x, int y, double radians);

private:
    int width_ = 0;
    int height_ = 0;
    std::vector<float> radians_;
};

} // namespace ktpel::sim::fingerprint
