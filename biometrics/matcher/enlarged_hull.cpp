// SPDX-License-Identifier: Apache-2.0
#include "enlarged_hull.hpp"

#include <cmath>

// The umbrella header: the algorithms need their cartesian strategies,
// which the per-algorithm headers do not pull in.
#include <boost/geometry.hpp>
#include <boost/geometry/geometries/multi_point.hpp>

namespace ktpel::biometrics::matcher {

EnlargedHull::EnlargedHull(const std::vector<Point>& points, double margin) : margin_(margin)
{
    if (points.empty()) {
        return;
    }
    boost::geometry::model::multi_point<Point> cloud(points.begin(), points.end());
    boost::geometry::convex_hull(cloud, hull_);
    const auto& ring = hull_.outer();
    outline_.assign(ring.begin(), ring.end());
    if (outline_.empty()) {
        outline_.push_back(points.front());
    }
    // A single point is a zero-length segment: the distance to it is the
    // distance to the point.
    if (outline_.size() == 1) {
        outline_.push_back(outline_.front());
    }
    has_area_ = std::abs(boost::geometry::area(hull_)) > 1e-6;
}

bool EnlargedHull::contains(const Point& point) const
{
    if (outline_.empty()) {
        return false;
    }
    if (has_area_ && boost::geometry::within(point, hull_)) {
        return true;
    }
    return boost::geometry::distance(point, outline_) <= margin_;
}

} // namespace ktpel::biometrics::matcher
