// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <vector>

#include "biometrics/fingerprint/iso19794_2_record.hpp"
#include "biometrics/fingerprint/minutia.hpp"
#include "match_template.hpp"
#include "matcher_parameters.hpp"
#include "relaxation.hpp"

namespace ktpel::biometrics::matcher {

// Minutia Cylinder-Code matcher with LSS-R consolidation
// (docs/fingerprint-matching.md). Immutable after construction; compare()
// may run concurrently from several threads.
//
// Score in [0, 1]: the MCC global similarity (mean relaxed similarity of
// the n_P best-supported minutia pairs), scaled down when the smaller
// template has fewer than `full_evidence_cylinders` valid cylinders. 0 when
// either has fewer than `min_pairs` (too little finger to say anything);
// close to 1 for a template compared with itself; impostors mostly below
// 0.03. Thresholds for a target false-match rate are in match_decision.hpp.
class Matcher
{
public:
    explicit Matcher(const MatcherParameters& parameters = {});

    const MatcherParameters& parameters() const { return parameters_; }

    MatchTemplate prepare(const std::vector<fingerprint::Minutia>& minutiae,
                          const TemplateGeometry& geometry) const;
    MatchTemplate prepare(const fingerprint::IsoFingerView& view,
                          const TemplateGeometry& geometry) const;

    // Symmetric: compare(a, b) == compare(b, a) exactly (the operands are
    // put in a canonical order first). Throws MatcherInputError when a
    // template was prepared with other cylinder parameters than this
    // matcher's.
    double compare(const MatchTemplate& probe, const MatchTemplate& candidate) const;

    // n_P for templates with these cylinder counts.
    int pairs_to_average(std::size_t size_a, std::size_t size_b) const;

private:
    double compare_ordered(const MatchTemplate& a, const MatchTemplate& b) const;

    MatcherParameters parameters_;
    Relaxation relaxation_;
};

// With the default parameters.
double compare(const MatchTemplate& probe, const MatchTemplate& candidate);

} // namespace ktpel::biometrics::matcher
