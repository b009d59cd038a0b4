// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include "biometrics/fingerprint/minutia.hpp"
#include "common/raster_image.hpp"

// Analytic test images with known ground truth, independent of any
// fingerprint generator: cosine ridge gratings whose phase carries spiral
// terms atan2(y - y0, x - x0). Each such phase singularity adds one ridge on
// one side, i.e. exactly one minutia at (x0, y0). Whether it is an ending or
// a bifurcation is set by the phase value at the singularity, so the
// renderer nudges each singularity across the ridges until its phase
// matches the requested type.
namespace ktpel::tests::fingerprint {

using biometrics::fingerprint::Minutia;
using biometrics::fingerprint::MinutiaType;

struct RequestedMinutia
{
    double x = 0.0;
    double y = 0.0;
    MinutiaType type = MinutiaType::ridge_ending;
    // Which of the two along-ridge directions the minutia points to:
    // +1 or -1 (relative to the ridge direction rotated to [0, pi)).
    int sense = 1;
};

struct FingerPatch
{
    double centre_x = 0.0;
    double centre_y = 0.0;
    double semi_axis_x = 0.0; // elliptical window; 0 = whole image
    double semi_axis_y = 0.0;
    double period = 9.0;
    // Straight ridges at this direction (radians, image coordinates) when
    // curvature_radius is 0; otherwise concentric arcs around a centre this
    // far below the patch centre (a loop-like flow).
    double ridge_direction = 0.0;
    double curvature_radius = 0.0;
    double ridge_depth = 180.0; // grey levels from valley to ridge centre
    std::vector<RequestedMinutia> minutiae;
};

struct AnalyticImage
{
    drivers::RasterImage image;
    std::vector<Minutia> truth; // in the library's convention (minutia.hpp)
};

// Valleys at grey 230 (background), ridges darker by ridge_depth.
inline constexpr double background_grey = 230.0;

AnalyticImage render_patches(int width, int height, const std::vector<FingerPatch>& patches);

// Degradations; all deterministic for a given seed.
void add_noise(drivers::RasterImage& image, double sigma, std::uint32_t seed);
void blur(drivers::RasterImage& image, double sigma);
// Scales the distance from background grey (light pressure).
void reduce_contrast(drivers::RasterImage& image, double factor);
// Paints everything below row `from_row` as bare platen.
void blank_below(drivers::RasterImage& image, int from_row);

} // namespace ktpel::tests::fingerprint
