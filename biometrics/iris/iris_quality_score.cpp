// SPDX-License-Identifier: Apache-2.0
#include "iris_quality_score.hpp"

#include <algorithm>
#include <cmath>

namespace ktpel::biometrics::iris {

namespace {

// 0 at or below `zero_at`, 1 at or above `one_at`, linear between.
double ramp(double value, double zero_at, double one_at)
{
    return std::clamp((value - zero_at) / (one_at - zero_at), 0.0, 1.0);
}

} // namespace

IrisQualityScore score_quality(const IrisQualityMeasures& m)
{
    QualityFactors f;
    // Sharpness keeps counting all the way up: it is the measure a capture
    // loop can improve by waiting for a better frame.
    f.sharpness = std::clamp(m.sharpness / 100.0, 0.0, 1.0);
    // Usable area also counts all the way: 30 % -> 0, 90 % -> 1.
    f.usable_area = ramp(m.usable_iris_area, 30.0, 90.0);
    // Pupil/iris ratio: fine within 0.20..0.60, unusable at 0.10 or 0.75.
    f.pupil_dilation =
        std::min(ramp(m.pupil_iris_ratio, 0.10, 0.20), 1.0 - ramp(m.pupil_iris_ratio, 0.60, 0.75));
    f.pupil_circularity = ramp(m.pupil_boundary_circularity, 40.0, 80.0);
    // No visible sclera is not a defect in itself (narrow eyes); the usable
    // area already accounts for what the lids hide.
    f.iris_sclera_contrast =
        m.iris_sclera_contrast ? ramp(*m.iris_sclera_contrast, 5.0, 15.0) : 1.0;
    f.iris_pupil_contrast = ramp(m.iris_pupil_contrast, 20.0, 40.0);
    f.grey_scale = ramp(m.grey_scale_utilisation_bits, 4.0, 5.0);
    f.iris_radius = ramp(m.iris_radius_px, 50.0, 80.0);
    f.concentricity = ramp(m.iris_pupil_concentricity, 80.0, 90.0);
    f.margin = ramp(m.margin_adequacy, 0.0, 80.0);

    IrisQualityScore score;
    score.factors = f;
    score.overall = static_cast<int>(std::lround(100.0 * f.product()));
    return score;
}

} // namespace ktpel::biometrics::iris
