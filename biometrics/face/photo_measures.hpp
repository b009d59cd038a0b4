// SPDX-License-Identifier: Apache-2.0
// Numbers computed from a portrait's pixels, with no judgement attached
// (photo_checks.hpp holds the limits). Regions are fractions of the frame
// where an enrollment portrait puts the backdrop and the face: the
// station's camera is fixed and the applicant sits on a marked stool.
#pragma once

#include <array>

#include "common/rgb_image.hpp"

namespace ktpel::biometrics::face {

struct Region
{
    double left, top, right, bottom; // fractions of width/height, right/bottom exclusive
};

// Backdrop: the two upper corners beside the head and a strip above it.
inline constexpr std::array<Region, 3> kBackgroundRegions{{
    {0.00, 0.00, 0.12, 0.55},
    {0.88, 0.00, 1.00, 0.55},
    {0.12, 0.00, 0.88, 0.08},
}};
// Where the face is in a framed portrait.
inline constexpr Region kSubjectRegion{0.35, 0.25, 0.65, 0.60};

struct ExposureMeasure
{
    double mean_luminance = 0;     // Rec. 601 luma, 0..255, whole frame
    double highlights_clipped = 0; // fraction of pixels with luma >= 250
    double shadows_clipped = 0;    // fraction of pixels with luma <= 4
};

struct BackgroundMeasure
{
    std::array<double, 3> mean{};  // RGB over all background regions
    double largest_deviation = 0;  // largest per-channel standard deviation of a region
    double largest_region_gap = 0; // largest RGB distance between two regions' means
    double noise = 0;              // mean per-channel standard deviation (the grain)
};

ExposureMeasure measure_exposure(const RgbImage& image);
// Variance of the Laplacian of the luma, halved in size first so sensor
// grain counts less than edges, over the subject region.
double measure_sharpness(const RgbImage& image);
BackgroundMeasure measure_background(const RgbImage& image);
// Fraction of the subject region whose colour stands apart from the
// backdrop's by more than max(min_distance, 4 x the backdrop's grain).
double measure_subject_coverage(const RgbImage& image, const BackgroundMeasure& background,
                                double min_distance);

} // namespace ktpel::biometrics::face
