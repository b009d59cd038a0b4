// SPDX-License-Identifier: Apache-2.0
// Small plane-geometry vocabulary shared by the generator stages. Image
// coordinates throughout: x to the right, y downwards, in pixels.
// Angles are counter-clockwise as seen on screen (y up), in radians, so a
// direction angle a corresponds to the image-space vector (cos a, -sin a).
#pragma once

namespace ktpel::sim::fingerprint {

struct Point2
{
    double x = 0.0;
    double y = 0.0;
};

// Axis-aligned pixel rectangle; empty when width or height is 0.
struct BoundingBox
{
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
};

// Wraps into [0, 2*pi).
double wrap_angle(double radians);
// Wraps into [0, pi): for ridge orientations, which have no sense.
double wrap_orientation(double radians);
// The image-space angle of the vector (dx, dy) (dy downwards), following
// the convention above.
double screen_angle(double dx, double dy);
// Rotates `offset` counter-clockwise on screen by `radians`.
Point2 rotate_on_screen(Point2 offset, double radians);

} // namespace ktpel::sim::fingerprint
