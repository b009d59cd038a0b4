// SPDX-License-Identifier: Apache-2.0
#include "photo_checks.hpp"

#include <cstdio>
#include <stdexcept>

#include "common/jpeg_codec.hpp"
#include "photo_measures.hpp"

namespace ktpel::biometrics::face {
namespace {

std::string format(const char* pattern, double a, double b = 0, double c = 0)
{
    char text[160];
    std::snprintf(text, sizeof text, pattern, a, b, c);
    return text;
}

} // namespace

bool PhotoAssessment::passed() const
{
    for (const auto& check : checks)
        if (!check.passed)
            return false;
    return true;
}

const CheckResult& PhotoAssessment::check(const std::string& name) const
{
    for (const auto& check : checks)
        if (check.name == name)
            return check;
    throw std::out_of_range("no photo check named " + name);
}

std::vector<std::string> PhotoAssessment::failed() const
{
    std::vector<std::string> names;
    for (const auto& check : checks)
        if (!check.passed)
            names.push_back(check.name);
    return names;
}

PhotoAssessment assess_photo(const RgbImage& image, const PhotoThresholds& limits)
{
    PhotoAssessment assessment;

    const bool big_enough = image.width >= limits.min_width && image.height >= limits.min_height;
    assessment.checks.push_back(
        {"resolution", big_enough, static_cast<double>(image.width) * image.height,
         format("%.0fx%.0f, at least %.0f wide", image.width, image.height, limits.min_width) +
             format(" and %.0f high", limits.min_height)});

    const ExposureMeasure exposure = measure_exposure(image);
    const bool exposed = exposure.mean_luminance >= limits.min_mean_luminance &&
                         exposure.mean_luminance <= limits.max_mean_luminance &&
                         exposure.highlights_clipped <= limits.max_highlights_clipped &&
                         exposure.shadows_clipped <= limits.max_shadows_clipped;
    assessment.checks.push_back(
        {"exposure", exposed, exposure.mean_luminance,
         format("mean luma %.1f, %.2f%% highlights clipped, %.2f%% shadows clipped",
                exposure.mean_luminance, 100 * exposure.highlights_clipped,
                100 * exposure.shadows_clipped)});

    const double sharpness = measure_sharpness(image);
    assessment.checks.push_back(
        {"sharpness", sharpness >= limits.min_sharpness, sharpness,
         format("Laplacian variance %.1f, at least %.1f", sharpness, limits.min_sharpness)});

    const BackgroundMeasure background = measure_background(image);
    const bool uniform = background.largest_deviation <= limits.max_background_deviation &&
                         background.largest_region_gap <= limits.max_background_region_gap;
    assessment.checks.push_back(
        {"background", uniform, background.largest_deviation,
         format("largest deviation %.1f, largest gap between regions %.1f",
                background.largest_deviation, background.largest_region_gap)});

    const double coverage =
        measure_subject_coverage(image, background, limits.min_subject_distance);
    assessment.checks.push_back(
        {"subject", coverage >= limits.min_subject_coverage, coverage,
         format("%.0f%% of the centre stands apart from the backdrop, at least %.0f%%",
                100 * coverage, 100 * limits.min_subject_coverage)});
    return assessment;
}

PhotoAssessment assess_jpeg(std::span<const std::uint8_t> jpeg, const PhotoThresholds& thresholds)
{
    return assess_photo(decode_jpeg(jpeg), thresholds);
}

} // namespace ktpel::biometrics::face
