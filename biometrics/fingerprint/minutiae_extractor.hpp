// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include "common/raster_image.hpp"
#include "foreground_mask.hpp"
#include "gabor_enhancement.hpp"
#include "minutia.hpp"
#include "orientation_field.hpp"
#include "ridge_frequency.hpp"

namespace ktpel::biometrics::fingerprint {

struct ExtractionParameters
{
    OrientationParameters orientation;
    ForegroundParameters foreground;
    RidgePeriodParameters period;
    GaborParameters gabor;
    int normalisation_radius = 12; // local mean/deviation window: > 2 ridge periods
    int minimum_blob_area = 24;    // pixels; smaller ridge specks and valley holes are noise
    float border_margin = 16.0f;   // pixels; minutiae closer to the mask edge are dropped
    // Post-processing distances, in local ridge periods (Ratha, Chen & Jain,
    // Pattern Recognition 28(11), 1995; Maltoni et al., Handbook of
    // Fingerprint Recognition, 2nd ed., 3.8):
    float spur_length = 1.0f;        // ending joined to a bifurcation by a shorter branch
    float bridge_length = 1.2f;      // two bifurcations joined by a shorter branch
    float island_length = 2.5f;      // two endings joined by a shorter ridge
    float broken_ridge_gap = 1.6f;   // two facing endings closer than this
    float minimum_separation = 0.6f; // any two minutiae closer than this
    int direction_trace_length = 10; // pixels of skeleton followed to orient a minutia
};

// Everything the extractor computed that callers may want: the quality
// assessment reuses the mask, tests inspect the candidate count.
struct MinutiaeExtraction
{
    std::vector<Minutia> minutiae;
    ForegroundMask mask;
    float median_ridge_period = 0.0f;
    int candidate_count = 0; // crossing-number candidates before cleaning
    int width = 0;
    int height = 0;
};

// Image to minutiae: local normalisation, foreground mask, orientation
// field, ridge period, contextual Gabor enhancement, binarisation,
// thinning, crossing number, removal of spurious minutiae, direction and
// quality. Throws InvalidFingerprintImage for unusable input.
MinutiaeExtraction extract_minutiae(const ktpel::RasterImage& image,
                                    const ExtractionParameters& parameters = {});

} // namespace ktpel::biometrics::fingerprint
