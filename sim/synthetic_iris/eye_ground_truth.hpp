// SPDX-License-Identifier: Apache-2.0
// What the generator knows about the picture it drew, for tests to compare
// segmentation and quality against. Pixel (i, j) has its centre at
// x = i, y = j.
#pragma once

#include <vector>

#include "common/raster_image.hpp"
#include "impression_options.hpp"

namespace ktpel::sim::iris {

struct TruthCircle
{
    double x = 0.0;
    double y = 0.0;
    double radius = 0.0;
};

struct EyeGroundTruth
{
    EyePresence presence = EyePresence::open;
    // Only meaningful when presence == open. Radii are the true (vertical)
    // radii; with off-angle gaze the horizontal radius is radius * horizontal_scale.
    TruthCircle pupil;
    TruthCircle iris;
    double horizontal_scale = 1.0;
    double off_angle_deg = 0.0;
    double pupil_iris_ratio = 0.0;
    // Fractions of the iris annulus (between the pupil and limbus, counted on
    // the pixel grid) hidden by the lids. Eyelashes are not included.
    double occluded_fraction = 0.0;
    double upper_lid_fraction = 0.0;
    double lower_lid_fraction = 0.0;
    // Annulus pixels not under a lid but darkened more than half by a lash.
    double eyelash_fraction = 0.0;
    double defocus_sigma_px = 0.0;
    double torsion_deg = 0.0;
    double noise_sigma = 0.0;
    std::vector<TruthCircle> specular_spots;
};

struct SyntheticEye
{
    drivers::RasterImage image;
    EyeGroundTruth truth;
};

} // namespace ktpel::sim::iris
