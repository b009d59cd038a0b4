// SPDX-License-Identifier: Apache-2.0
// Is this portrait fit for a KTP-el card? Pass/fail per check, each with
// the measured value and the limit it was held to (docs/face-photo.md).
// No face detection: a check that the subject is a single frontal face
// with open eyes is not made here.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "common/rgb_image.hpp"

namespace ktpel::biometrics::face {

struct PhotoThresholds
{
    std::uint32_t min_width = 600; // a 3:4 crop of at least 600x800
    std::uint32_t min_height = 800;
    double min_mean_luminance = 50;
    double max_mean_luminance = 205;
    double max_highlights_clipped = 0.02;
    double max_shadows_clipped = 0.02;
    double min_sharpness = 12; // Laplacian variance at half size, subject region
    double max_background_deviation = 12;
    double max_background_region_gap = 24;
    double min_subject_distance = 12;
    double min_subject_coverage = 0.5;
};

struct CheckResult
{
    std::string name; // resolution | exposure | sharpness | background | subject
    bool passed = false;
    double value = 0; // the measure the verdict rests on
    std::string detail;
};

struct PhotoAssessment
{
    std::vector<CheckResult> checks; // always all five, in the order above

    bool passed() const;
    const CheckResult& check(const std::string& name) const; // throws std::out_of_range
    std::vector<std::string> failed() const;
};

PhotoAssessment assess_photo(const RgbImage& image, const PhotoThresholds& thresholds = {});
// Decodes first; throws JpegCodecError for bytes that are not a JPEG.
PhotoAssessment assess_jpeg(std::span<const std::uint8_t> jpeg,
                            const PhotoThresholds& thresholds = {});

} // namespace ktpel::biometrics::face
