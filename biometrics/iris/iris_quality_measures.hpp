// SPDX-License-Identifier: Apache-2.0
// Image-quality measures of one segmented eye, after the ideas of
// ISO/IEC 29794-6 (iris image quality). The formulas and constants are ours
// and documented in docs/iris-processing.md; they are not claimed to be
// conformant implementations of the standard's normative measures.
#pragma once

#include <optional>

#include "common/raster_image.hpp"
#include "iris_segmentation.hpp"

namespace ktpel::biometrics::iris {

struct QualityMeasureSettings
{
    // Daugman-kernel power that maps to a sharpness of 50, calibrated on the
    // scanner (here: the synthetic eyes at 640x480; see the documentation).
    double focus_half_power = 60000.0;
};

struct IrisQualityMeasures
{
    double sharpness_power = 0.0;            // raw Daugman-kernel power
    double sharpness = 0.0;                  // 0..100
    double usable_iris_area = 0.0;           // % of the annulus usable
    double occluded_fraction = 0.0;          // 0..1, eyelids only
    double pupil_iris_ratio = 0.0;           // pupil radius / iris radius
    double pupil_boundary_circularity = 0.0; // 0..100
    // 0..100; unset when no sclera is visible beside the iris.
    std::optional<double> iris_sclera_contrast;
    double iris_pupil_contrast = 0.0;         // 0..100
    double iris_radius_px = 0.0;              // limbus radius
    double grey_scale_utilisation_bits = 0.0; // entropy of the frame's histogram
    double iris_pupil_concentricity = 0.0;    // 0..100
    double margin_adequacy = 0.0;             // 0..100
    // The grey levels the contrasts were computed from.
    double pupil_level = 0.0;
    double iris_level = 0.0;
    std::optional<double> sclera_level;
};

IrisQualityMeasures measure_quality(const ktpel::RasterImage& image,
                                    const IrisSegmentation& segmentation,
                                    const QualityMeasureSettings& settings = {});

} // namespace ktpel::biometrics::iris
