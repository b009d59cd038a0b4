// SPDX-License-Identifier: Apache-2.0
#include "signature_checks.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace ktpel::biometrics::signature {
namespace {

std::string format(const char* pattern, double first, double second = 0, double third = 0)
{
    char text[160];
    std::snprintf(text, sizeof text, pattern, first, second, third);
    return text;
}

} // namespace

bool SignatureAssessment::passed() const
{
    return std::all_of(checks.begin(), checks.end(), [](const auto& c) { return c.passed; });
}

const CheckResult& SignatureAssessment::check(const std::string& name) const
{
    for (const auto& result : checks) {
        if (result.name == name)
            return result;
    }
    throw std::out_of_range("no signature check named " + name);
}

std::vector<std::string> SignatureAssessment::failed() const
{
    std::vector<std::string> names;
    for (const auto& result : checks) {
        if (!result.passed)
            names.push_back(result.name);
    }
    return names;
}

SignatureAssessment assess_signature(const std::vector<ktpel::PenStroke>& strokes,
                                     const ktpel::PadGeometry& geometry,
                                     const SignatureThresholds& thresholds)
{
    SignatureAssessment assessment;
    const auto& m = assessment.measures = measure(strokes, geometry);
    assessment.checks.push_back({"ink", m.ink_length_mm >= thresholds.min_ink_mm, m.ink_length_mm,
                                 format("%.1f mm of ink; at least %.1f mm needed", m.ink_length_mm,
                                        thresholds.min_ink_mm)});
    const auto strokes_count = static_cast<double>(m.stroke_count);
    assessment.checks.push_back(
        {"strokes",
         m.stroke_count >= thresholds.min_strokes && m.stroke_count <= thresholds.max_strokes,
         strokes_count,
         format("%.0f strokes; %.0f to %.0f expected", strokes_count,
                static_cast<double>(thresholds.min_strokes),
                static_cast<double>(thresholds.max_strokes))});
    assessment.checks.push_back({"duration", m.duration_ms >= thresholds.min_duration_ms,
                                 m.duration_ms,
                                 format("written in %.0f ms; at least %.0f ms expected",
                                        m.duration_ms, thresholds.min_duration_ms)});
    assessment.checks.push_back(
        {"size", m.width_mm >= thresholds.min_width_mm && m.height_mm >= thresholds.min_height_mm,
         m.width_mm,
         format("%.1f x %.1f mm; at least %.1f mm wide", m.width_mm, m.height_mm,
                thresholds.min_width_mm) +
             format(" and %.1f mm high", thresholds.min_height_mm)});
    return assessment;
}

SignatureAssessment assess_signature(const ktpel::SignatureCapture& capture,
                                     const SignatureThresholds& thresholds)
{
    return assess_signature(capture.strokes, capture.geometry, thresholds);
}

} // namespace ktpel::biometrics::signature
