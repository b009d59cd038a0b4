// SPDX-License-Identifier: Apache-2.0
#include "finger_quality.hpp"

#include <algorithm>
#include <cmath>

#include "fingerprint_error.hpp"
#include "image_filters.hpp"

namespace ktpel::biometrics::fingerprint {

namespace {

// Linear ramp: 0 at `poor`, 1 at `good`, clamped; works for features where
// lower is better by passing poor > good.
double ramp(double value, double poor, double good)
{
    return std::clamp((value - poor) / (good - poor), 0.0, 1.0);
}

// Anchors and weights; see docs/fingerprint-processing.md for how they were
// calibrated.
struct Anchor
{
    double poor;
    double good;
};
constexpr Anchor orientation_certainty_anchor{0.70, 0.98};
constexpr Anchor local_clarity_anchor{0.70, 0.95};
constexpr Anchor frequency_domain_anchor{0.25, 0.45};
constexpr Anchor ridge_valley_uniformity_anchor{0.60, 0.10};
constexpr Anchor orientation_flow_anchor{35.0, 8.0};
constexpr Anchor ridge_contrast_anchor{4.0, 20.0};
constexpr Anchor minutiae_count_anchor{0.0, 12.0};
constexpr Anchor foreground_area_anchor{40.0, 160.0};

constexpr double orientation_certainty_weight = 0.30;
constexpr double local_clarity_weight = 0.30;
constexpr double frequency_domain_weight = 0.05;
constexpr double ridge_valley_uniformity_weight = 0.05;
constexpr double orientation_flow_weight = 0.15;
constexpr double minutiae_count_weight = 0.15;
// A faint print keeps at most half its score: the gate is soft because
// contrast alone does not make ridges unreadable, only harder to read.
constexpr double minimum_contrast_gate = 0.5;

} // namespace

FingerQuality score_quality_features(const QualityFeatures& features)
{
    FingerQuality quality;
    quality.features = features;
    QualityFeatureScores& s = quality.feature_scores;
    s.orientation_certainty =
        ramp(features.orientation_certainty, orientation_certainty_anchor.poor,
             orientation_certainty_anchor.good);
    s.local_clarity =
        ramp(features.local_clarity, local_clarity_anchor.poor, local_clarity_anchor.good);
    s.frequency_domain =
        ramp(features.frequency_domain, frequency_domain_anchor.poor, frequency_domain_anchor.good);
    s.ridge_valley_uniformity =
        ramp(features.ridge_valley_uniformity, ridge_valley_uniformity_anchor.poor,
             ridge_valley_uniformity_anchor.good);
    s.orientation_flow = ramp(features.orientation_flow_degrees, orientation_flow_anchor.poor,
                              orientation_flow_anchor.good);
    s.ridge_contrast =
        ramp(features.ridge_contrast, ridge_contrast_anchor.poor, ridge_contrast_anchor.good);
    s.minutiae_count =
        ramp(features.minutiae_count, minutiae_count_anchor.poor, minutiae_count_anchor.good);
    s.foreground_area = ramp(features.foreground_area_mm2, foreground_area_anchor.poor,
                             foreground_area_anchor.good);
    if (features.analysed_blocks == 0) {
        quality.score = 0;
        return quality;
    }
    const double local =
        orientation_certainty_weight * s.orientation_certainty +
        local_clarity_weight * s.local_clarity + frequency_domain_weight * s.frequency_domain +
        ridge_valley_uniformity_weight * s.ridge_valley_uniformity +
        orientation_flow_weight * s.orientation_flow + minutiae_count_weight * s.minutiae_count;
    const double contrast_gate =
        minimum_contrast_gate + (1.0 - minimum_contrast_gate) * s.ridge_contrast;
    quality.score = static_cast<int>(
        std::lround(std::clamp(100.0 * local * contrast_gate * s.foreground_area, 0.0, 100.0)));
    return quality;
}

FingerQuality assess_finger_quality(const ktpel::RasterImage& image,
                                    const MinutiaeExtraction& extraction)
{
    validate_fingerprint_image(image);
    if (extraction.width != static_cast<int>(image.width) ||
        extraction.height != static_cast<int>(image.height)) {
        throw InvalidFingerprintRequest("extraction result belongs to a differently sized image");
    }
    QualityFeatures features =
        compute_quality_features(to_float_plane(image), extraction.mask, image.ppi);
    features.minutiae_count = static_cast<int>(extraction.minutiae.size());
    return score_quality_features(features);
}

FingerQuality assess_finger_quality(const ktpel::RasterImage& image)
{
    return assess_finger_quality(image, extract_minutiae(image));
}

} // namespace ktpel::biometrics::fingerprint
