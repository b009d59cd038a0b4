// SPDX-License-Identifier: Apache-2.0
// The 0-100 overall quality: every measure goes through its own
// piecewise-linear factor in [0, 1] (1 across the acceptable range, falling
// to 0 at the hard limit), and the overall score is 100 times the product of
// the factors. A product means one failing measure sinks the sample, which is
// what an enrolment station needs; each factor is returned so the operator
// can be told which one. The table is in docs/iris-processing.md.
#pragma once

#include "iris_quality_measures.hpp"

namespace ktpel::biometrics::iris {

struct QualityFactors
{
    double sharpness = 1.0;
    double usable_area = 1.0;
    double pupil_dilation = 1.0;
    double pupil_circularity = 1.0;
    double iris_sclera_contrast = 1.0;
    double iris_pupil_contrast = 1.0;
    double grey_scale = 1.0;
    double iris_radius = 1.0;
    double concentricity = 1.0;
    double margin = 1.0;

    double product() const
    {
        return sharpness * usable_area * pupil_dilation * pupil_circularity * iris_sclera_contrast *
               iris_pupil_contrast * grey_scale * iris_radius * concentricity * margin;
    }
};

struct IrisQualityScore
{
    int overall = 0; // 0..100
    QualityFactors factors;
};

IrisQualityScore score_quality(const IrisQualityMeasures& measures);

} // namespace ktpel::biometrics::iris
