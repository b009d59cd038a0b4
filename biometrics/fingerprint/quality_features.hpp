// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foreground_mask.hpp"
#include "image_plane.hpp"

namespace ktpel::biometrics::fingerprint {

// NFIQ 2-style local quality features (ISO/IEC 29794-4:2017 Annex; Tabassi
// et al., NISTIR 8382 describe NFIQ 2), computed per 32x32 block of the
// raw grey image over the foreground, then aggregated over the finger.
// These are the raw values the register stores; FingerQuality maps them
// onto 0..100.
struct QualityFeatures
{
    // Orientation certainty level: mean over blocks of 1 - l2/l1 of the
    // gradient covariance. 0..1, higher is better (Lim, Jiang & Yau 2002).
    double orientation_certainty = 0.0;
    // Local clarity score: mean over blocks of 1 - (alpha + beta)/2, where
    // alpha/beta are the fractions of ridge/valley pixels falling on the
    // wrong side of the signature's trend line. 0..1, higher is better
    // (Chen, Dass & Jain 2005).
    double local_clarity = 0.0;
    // Frequency-domain analysis: mean share of the signature's AC spectrum
    // in the dominant ridge frequency and its two neighbours (weight 0.3).
    // 0..1, higher is better (Lim et al. 2002).
    double frequency_domain = 0.0;
    // Ridge-valley uniformity: standard deviation over blocks of the ratio
    // mean ridge width / mean valley width. >= 0, lower is better.
    double ridge_valley_uniformity = 0.0;
    // Orientation flow: mean absolute orientation difference (degrees)
    // between each block and its foreground neighbours. Lower is better.
    double orientation_flow_degrees = 0.0;
    // Ridge/valley contrast: mean over blocks of the standard deviation (grey
    // levels) of the detrended signature, which averages pixel noise out
    // along the ridges. The scale-invariant features above cannot see light
    // pressure or blur; this one does.
    double ridge_contrast = 0.0;
    // Foreground area of the print, square millimetres.
    double foreground_area_mm2 = 0.0;
    int minutiae_count = 0;
    int analysed_blocks = 0; // 32x32 blocks the local features averaged over
};

inline constexpr int quality_block_size = 32;

// Fills every field but minutiae_count. ppi converts the area to mm^2.
QualityFeatures compute_quality_features(const FloatPlane& grey, const ForegroundMask& mask,
                                         unsigned ppi);

} // namespace ktpel::biometrics::fingerprint
