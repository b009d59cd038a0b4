// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/raster_image.hpp"
#include "minutiae_extractor.hpp"
#include "quality_features.hpp"

namespace ktpel::biometrics::fingerprint {

// Each feature mapped linearly onto 0 (poor) .. 1 (good) between two
// published anchors (docs/fingerprint-processing.md, "Quality scale").
struct QualityFeatureScores
{
    double orientation_certainty = 0.0;
    double local_clarity = 0.0;
    double frequency_domain = 0.0;
    double ridge_valley_uniformity = 0.0;
    double orientation_flow = 0.0;
    double ridge_contrast = 0.0;
    double minutiae_count = 0.0;
    double foreground_area = 0.0;
};

struct FingerQuality
{
    int score = 0; // 0..100
    QualityFeatures features;
    QualityFeatureScores feature_scores;
};

// Transparent replacement for NFIQ 2's random forest:
//   local    = sum of weight_i * score_i over certainty, clarity, frequency,
//              uniformity, flow and minutiae count (weights sum to 1)
//   contrast = 0.5 + 0.5 * ridge_contrast score
//   score    = round(100 * local * contrast * foreground_area score)
// Area and contrast are multiplicative gates because the local features
// are averages over the foreground and scale-invariant: they cannot see how
// much of the finger is missing, nor how faint it is.
FingerQuality assess_finger_quality(const ktpel::RasterImage& image,
                                    const MinutiaeExtraction& extraction);

// Convenience: runs extract_minutiae first.
FingerQuality assess_finger_quality(const ktpel::RasterImage& image);

// The mapping alone, for callers holding stored features.
FingerQuality score_quality_features(const QualityFeatures& features);

} // namespace ktpel::biometrics::fingerprint
