// SPDX-License-Identifier: Apache-2.0
// Upper and lower lid margins over the iris, each modelled as a parabola
// y = vertex_y -+ curvature * (x - vertex_x)^2 and found by exhaustive search
// for the curve with the strongest "lid skin brighter than iris" vertical
// step, measured only where the curve crosses the iris annulus. A lid that
// does not reach the iris is reported as not found.
#pragma once

#include "circle.hpp"
#include "grey_frame.hpp"

namespace ktpel::biometrics::iris {

struct EyelidBoundary
{
    bool found = false;
    bool upper = true;
    double vertex_x = 0.0;
    double vertex_y = 0.0;
    double curvature = 0.0;     // > 0; the parabola opens away from the iris centre
    double edge_strength = 0.0; // mean vertical grey-level step along the curve

    // Margin row at column x (only meaningful when found).
    double y_at(double x) const
    {
        const double d = x - vertex_x;
        return upper ? vertex_y + curvature * d * d : vertex_y - curvature * d * d;
    }
    // True when (x, y) lies on the lid side of the margin.
    bool covers(double x, double y) const
    {
        if (!found)
            return false;
        return upper ? y < y_at(x) : y > y_at(x);
    }
};

struct EyelidSearchSettings
{
    // Below this mean step (grey levels) the best curve is texture, not a lid.
    double min_edge_strength = 18.0;
    // The curve must cross the annulus over at least this share of the iris
    // diameter; shorter crossings are the limbus itself or a lash cluster.
    double min_span_fraction = 0.35;
};

struct EyelidBoundaries
{
    EyelidBoundary upper;
    EyelidBoundary lower;
};

EyelidBoundaries locate_eyelids(const GreyFrame& frame, const Circle& pupil, const Circle& iris,
                                const EyelidSearchSettings& settings = {});

} // namespace ktpel::biometrics::iris
