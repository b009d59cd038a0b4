// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "match_template.hpp"
#include "matcher_parameters.hpp"

namespace ktpel::biometrics::matcher {

// A candidate correspondence: minutia `a` of one template with minutia `b`
// of the other, and their cylinders' similarity.
struct LocalPair
{
    float similarity = 0.0f;
    std::uint32_t a = 0;
    std::uint32_t b = 0;
};

// Z(x) = 1 / (1 + exp(-tau (x - mu))) sampled on [0, max_input]: the
// relaxation evaluates it n_R^2 times per comparison, too often for exp().
class LogisticTable
{
public:
    LogisticTable(double mu, double tau, double max_input, int entries);
    // x >= 0; beyond max_input the last entry is used.
    float operator()(float x) const
    {
        const auto index = static_cast<std::size_t>(x * scale_);
        return index < values_.size() ? values_[index] : values_.back();
    }

private:
    std::vector<float> values_;
    float scale_;
};

// LSS-R consolidation (Cappelli et al. 2010, section 4.3): the preselected
// pairs' similarities are iteratively reinforced by the pairs that are
// geometrically compatible with them (rho, a product of three logistic
// functions of distance, relative-direction and radial-angle differences)
// and weakened otherwise; the n_P pairs whose similarity held up best
// (relaxed / initial) are averaged into the global score in [0, 1].
class Relaxation
{
public:
    explicit Relaxation(const ConsolidationParameters& parameters);

    // `pairs`: the preselected pairs (n_R of them). Pairs fewer than
    // `pairs_to_average` count as zeros in the mean.
    double global_score(const MatchTemplate& a, const MatchTemplate& b,
                        std::span<const LocalPair> pairs, int pairs_to_average) const;

private:
    ConsolidationParameters parameters_;
    LogisticTable distance_compatibility_;
    LogisticTable direction_compatibility_;
    LogisticTable radial_compatibility_;
};

} // namespace ktpel::biometrics::matcher
