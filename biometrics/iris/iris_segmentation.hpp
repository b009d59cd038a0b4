// SPDX-License-Identifier: Apache-2.0
// Segmentation of one near-infrared eye frame: pupil and limbus circles,
// eyelid margins, and a per-pixel label of the iris annulus (usable, under
// a lid, specular reflection, eyelash).
#pragma once

#include <cstddef>
#include <cstdint>
#include <variant>
#include <vector>

#include "circle.hpp"
#include "common/raster_image.hpp"
#include "eyelid_localiser.hpp"
#include "limbus_localiser.hpp"
#include "no_eye_found.hpp"
#include "pupil_localiser.hpp"

namespace ktpel::biometrics::iris {

enum class IrisPixel : std::uint8_t
{
    outside = 0, // not in the annulus between pupil and limbus
    usable = 1,
    eyelid = 2,
    specular = 3,
    eyelash = 4,
};

struct SegmentationSettings
{
    PupilSearchLimits pupil;
    LimbusSearchLimits limbus;
    EyelidSearchSettings eyelids;
    // Grey level at and above which a pixel is an illuminator reflection.
    double specular_threshold = 200.0;
    // Pupil acceptance (see docs/iris-processing.md, "No eye found").
    double min_pupil_contrast = 30.0;     // ring mean - inner mean
    double max_pupil_inner_ratio = 0.4;   // inner mean / ring mean
    double max_pupil_inner_spread = 20.0; // robust grey-level spread inside
    double min_limbus_edge = 8.0;         // contour-mean jump at the limbus
    // A pixel of the annulus darker than pupil + this share of the
    // (iris - pupil) gap is an eyelash.
    double eyelash_level_share = 0.35;
};

struct IrisSegmentation
{
    Circle pupil;
    Circle iris;
    double pupil_edge_strength = 0.0;
    double limbus_edge_strength = 0.0;
    EyelidBoundaries eyelids;

    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<IrisPixel> labels; // width * height, row-major

    std::size_t annulus_pixels = 0; // every label other than `outside`
    std::size_t usable_pixels = 0;
    std::size_t eyelid_pixels = 0;
    std::size_t specular_pixels = 0;
    std::size_t eyelash_pixels = 0;

    double pupil_level = 0.0; // median grey inside the pupil, reflections excluded
    double iris_level = 0.0;  // median grey of usable iris pixels

    double share(std::size_t pixels) const
    {
        return annulus_pixels ? static_cast<double>(pixels) / static_cast<double>(annulus_pixels)
                              : 0.0;
    }
    double occluded_fraction() const { return share(eyelid_pixels); }
    double usable_fraction() const { return share(usable_pixels); }
};

using SegmentationResult = std::variant<IrisSegmentation, NoEyeFound>;

// Throws IrisInputError for a raster whose size is inconsistent or smaller
// than 64 x 64.
SegmentationResult segment_eye(const ktpel::RasterImage& image,
                               const SegmentationSettings& settings = {});

} // namespace ktpel::biometrics::iris
