// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include "match_template.hpp"
#include "matcher_parameters.hpp"

namespace ktpel::biometrics::matcher {

// Similarity of two bit-based cylinders (MCC, section 4.1 and its bit
// variant): over the cells valid in both, 1 - |a xor b| / (|a| + |b|) with
// |.| the square root of the set-bit count. 0 when the cylinders are not
// matchable: fewer than `min_matchable_cells` spatial cells valid in both,
// or no bit set in either.
float cylinder_similarity(const CylinderCode& a, const CylinderCode& b, int min_matchable_cells);

// The local similarity matrix, row-major |a| x |b|: cylinder_similarity for
// minutiae whose directions differ by at most the parameter's limit, 0
// otherwise.
void local_similarities(const MatchTemplate& a, const MatchTemplate& b,
                        const ConsolidationParameters& parameters, std::vector<float>& matrix);

} // namespace ktpel::biometrics::matcher
