// SPDX-License-Identifier: Apache-2.0
#include "eye_assessment.hpp"

namespace ktpel::biometrics::iris {

EyeAssessment assess_eye(const ktpel::RasterImage& image, const EyeAssessmentSettings& settings)
{
    SegmentationResult segmented = segment_eye(image, settings.segmentation);
    if (auto* none = std::get_if<NoEyeFound>(&segmented))
        return std::move(*none);
    IrisQualityReport report;
    report.segmentation = std::move(std::get<IrisSegmentation>(segmented));
    report.measures = measure_quality(image, report.segmentation, settings.measures);
    report.score = score_quality(report.measures);
    return report;
}

} // namespace ktpel::biometrics::iris
