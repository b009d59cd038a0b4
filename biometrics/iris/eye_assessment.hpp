// SPDX-License-Identifier: Apache-2.0
// One call for the capture path: segment the frame, measure it, score it.
#pragma once

#include <variant>

#include "common/raster_image.hpp"
#include "iris_quality_measures.hpp"
#include "iris_quality_score.hpp"
#include "iris_segmentation.hpp"
#include "no_eye_found.hpp"

namespace ktpel::biometrics::iris {

struct EyeAssessmentSettings
{
    SegmentationSettings segmentation;
    QualityMeasureSettings measures;
};

struct IrisQualityReport
{
    IrisSegmentation segmentation;
    IrisQualityMeasures measures;
    IrisQualityScore score;
};

// Either a full report or the typed "no eye found". Throws IrisInputError
// only for malformed rasters.
using EyeAssessment = std::variant<IrisQualityReport, NoEyeFound>;

EyeAssessment assess_eye(const ktpel::RasterImage& image,
                         const EyeAssessmentSettings& settings = {});

} // namespace ktpel::biometrics::iris
