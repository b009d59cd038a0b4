// SPDX-License-Identifier: Apache-2.0
// Is this a signature at all? Simple pass/fail checks that catch an empty
// pad, a tap, or a pen lifted after a stroke or two, each with the
// measured value and the limit it was held to. They do not compare the
// signature with anyone's: that is verification, not done here.
#pragma once

#include <string>
#include <vector>

#include "common/pen_trace.hpp"
#include "signature_measures.hpp"

namespace ktpel::biometrics::signature {

struct SignatureThresholds
{
    double min_ink_mm = 50; // pen-down path length
    std::size_t min_strokes = 1;
    std::size_t max_strokes = 40; // more is scribbling or a drawing
    double min_duration_ms = 500; // first touch to last ink
    double min_width_mm = 15;     // ink box
    double min_height_mm = 3;
};

struct CheckResult
{
    std::string name; // ink | strokes | duration | size
    bool passed = false;
    double value = 0; // the measure the verdict rests on (size: the width)
    std::string detail;
};

struct SignatureAssessment
{
    SignatureMeasures measures;
    std::vector<CheckResult> checks; // always all four, in the order above

    bool passed() const;
    const CheckResult& check(const std::string& name) const; // throws std::out_of_range
    std::vector<std::string> failed() const;
};

SignatureAssessment assess_signature(const std::vector<ktpel::PenStroke>& strokes,
                                     const ktpel::PadGeometry& geometry,
                                     const SignatureThresholds& thresholds = {});
SignatureAssessment assess_signature(const ktpel::SignatureCapture& capture,
                                     const SignatureThresholds& thresholds = {});

} // namespace ktpel::biometrics::signature
