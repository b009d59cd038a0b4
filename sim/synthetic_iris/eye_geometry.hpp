// SPDX-License-Identifier: Apache-2.0
// Where things are in one capture, in image pixels. Shared by the renderer
// and by the ground-truth counting so that the two can never disagree.
#pragma once

#include <cstdint>

namespace ktpel::sim::iris {

struct EyeGeometry
{
    // Iris centre in the image; the radius is the true (vertical) radius.
    double iris_x = 0.0;
    double iris_y = 0.0;
    double iris_radius = 0.0;
    // cos(off-angle): x distances in the eye plane shrink by this much.
    double horizontal_scale = 1.0;
    // Pupil centre relative to the iris centre in the eye plane (pixels).
    double pupil_u = 0.0;
    double pupil_v = 0.0;
    double pupil_radius = 0.0;
    double torsion_turns = 0.0;

    // The eye opening: lids are parabolas meeting at the corners.
    double fissure_x = 0.0;
    double fissure_y = 0.0;
    double fissure_half_width = 0.0;
    double upper_lid_height = 0.0; // apex above fissure_y
    double lower_lid_height = 0.0; // apex below fissure_y

    double pupil_image_x() const { return iris_x + pupil_u * horizontal_scale; }
    double pupil_image_y() const { return iris_y + pupil_v; }

    // Lid margins at column x; at and beyond the corners both equal fissure_y.
    double upper_lid_y(double x) const;
    double lower_lid_y(double x) const;

    // Pixel centre in the iris annulus (inside the limbus, outside the pupil).
    bool in_iris_annulus(double x, double y) const;
    bool above_upper_lid(double x, double y) const { return y < upper_lid_y(x); }
    bool below_lower_lid(double x, double y) const { return y > lower_lid_y(x); }
};

struct LidCoverage
{
    double upper = 0.0; // fraction of annulus pixels above the upper lid margin
    double lower = 0.0;
    double total() const { return upper + lower; }
};

// Counted on the pixel grid of a width x height image.
LidCoverage measure_lid_coverage(const EyeGeometry& geometry, std::uint32_t width,
                                 std::uint32_t height);

// Sets the lid heights so that the upper and lower lids each cover the
// requested fractions of the annulus (as near as the pixel grid allows).
void fit_lids_to_coverage(EyeGeometry& geometry, double upper_fraction, double lower_fraction,
                          std::uint32_t width, std::uint32_t height);

} // namespace ktpel::sim::iris
