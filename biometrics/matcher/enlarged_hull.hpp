// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include <boost/geometry/geometries/linestring.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>

namespace ktpel::biometrics::matcher {

// The convex hull of a set of points grown by a margin: MCC's estimate of
// the area of the finger a template has information about. Cells of a
// cylinder outside it are "invalid" and take no part in comparisons, so
// that a finger seen partially is not penalised for what was not seen.
class EnlargedHull
{
public:
    using Point = boost::geometry::model::d2::point_xy<double>;

    // Fewer than three distinct points give a degenerate hull (a point or a
    // segment); the margin still applies around it. No points: nothing is
    // inside.
    EnlargedHull(const std::vector<Point>& points, double margin);

    bool contains(const Point& point) const;

private:
    boost::geometry::model::polygon<Point> hull_;
    boost::geometry::model::linestring<Point> outline_;
    double margin_;
    bool has_area_ = false;
};

} // namespace ktpel::biometrics::matcher
