// SPDX-License-Identifier: Apache-2.0
#include "matcher.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>

#include "cylinder_similarity.hpp"
#include "matcher_error.hpp"

namespace ktpel::biometrics::matcher {

// The pair ranking packs both minutia indices into 16 bits each.
static_assert(max_template_minutiae <= 0xffff);

Matcher::Matcher(const MatcherParameters& parameters)
    : parameters_(parameters), relaxation_(parameters.consolidation)
{
}

MatchTemplate Matcher::prepare(const std::vector<fingerprint::Minutia>& minutiae,
                               const TemplateGeometry& geometry) const
{
    return prepare_template(minutiae, geometry, parameters_.cylinder);
}

MatchTemplate Matcher::prepare(const fingerprint::IsoFingerView& view,
                               const TemplateGeometry& geometry) const
{
    return prepare_template(view, geometry, parameters_.cylinder);
}

int Matcher::pairs_to_average(std::size_t size_a, std::size_t size_b) const
{
    const ConsolidationParameters& p = parameters_.consolidation;
    const double smaller = static_cast<double>(std::min(size_a, size_b));
    const double z = 1.0 / (1.0 + std::exp(-p.pair_count_tau * (smaller - p.pair_count_mu)));
    return p.min_pairs + static_cast<int>(std::lround(z * (p.max_pairs - p.min_pairs)));
}

double Matcher::compare(const MatchTemplate& probe, const MatchTemplate& candidate) const
{
    if (!(probe.cylinder_parameters == parameters_.cylinder) ||
        !(candidate.cylinder_parameters == parameters_.cylinder)) {
        throw MatcherInputError("template prepared with other cylinder parameters");
    }
    return probe.digest <= candidate.digest ? compare_ordered(probe, candidate)
                                            : compare_ordered(candidate, probe);
}

double Matcher::compare_ordered(const MatchTemplate& a, const MatchTemplate& b) const
{
    const ConsolidationParameters& p = parameters_.consolidation;
    const std::size_t smaller = std::min(a.size(), b.size());
    if (smaller < static_cast<std::size_t>(std::max(p.min_pairs, 1))) {
        return 0.0;
    }

    thread_local std::vector<float> similarities;
    thread_local std::vector<std::uint64_t> ranked;
    thread_local std::vector<LocalPair> pairs;
    local_similarities(a, b, p, similarities);

    // One sortable key per candidate pair: for positive floats the bit
    // pattern orders like the value, and the complemented indices break
    // ties towards lower indices, so sorting the keys in descending order
    // gives most similar first, deterministically.
    ranked.clear();
    const std::size_t columns = b.size();
    for (std::size_t row = 0; row < a.size(); ++row) {
        for (std::size_t column = 0; column < columns; ++column) {
            const float similarity = similarities[row * columns + column];
            if (similarity > 0.0f) {
                ranked.push_back((std::uint64_t{std::bit_cast<std::uint32_t>(similarity)} << 32) |
                                 ((0xffffu - row) << 16) | (0xffffu - column));
            }
        }
    }
    auto pair_of = [](std::uint64_t key) {
        return LocalPair{std::bit_cast<float>(static_cast<std::uint32_t>(key >> 32)),
                         0xffffu - static_cast<std::uint32_t>((key >> 16) & 0xffff),
                         0xffffu - static_cast<std::uint32_t>(key & 0xffff)};
    };

    // n_R = min(n_A, n_B) pairs. The paper's LSS takes the top of the list
    // as it is; one-to-one preselection skips pairs whose minutiae are
    // already taken (a greedy form of its LSA), so that one minutia
    // similar to many cannot fill the list. Only as much of the list is
    // sorted as the selection reads.
    pairs.clear();
    if (p.one_to_one_pairs) {
        thread_local std::vector<bool> used_a;
        thread_local std::vector<bool> used_b;
        used_a.assign(a.size(), false);
        used_b.assign(b.size(), false);
        std::size_t sorted = 0;
        for (std::size_t i = 0; i < ranked.size() && pairs.size() < smaller; ++i) {
            if (i == sorted) {
                const std::size_t chunk = std::min(ranked.size() - sorted, 2 * smaller);
                const auto begin = ranked.begin() + static_cast<std::ptrdiff_t>(sorted);
                const auto middle = begin + static_cast<std::ptrdiff_t>(chunk);
                std::nth_element(begin, middle - 1, ranked.end(), std::greater<>());
                std::sort(begin, middle, std::greater<>());
                sorted += chunk;
            }
            const LocalPair pair = pair_of(ranked[i]);
            if (used_a[pair.a] || used_b[pair.b]) {
                continue;
            }
            used_a[pair.a] = true;
            used_b[pair.b] = true;
            pairs.push_back(pair);
        }
    } else {
        const std::size_t count = std::min(smaller, ranked.size());
        std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(count),
                          ranked.end(), std::greater<>());
        for (std::size_t i = 0; i < count; ++i) {
            pairs.push_back(pair_of(ranked[i]));
        }
    }
    const double score = relaxation_.global_score(a, b, std::span(pairs.data(), pairs.size()),
                                                  pairs_to_average(a.size(), b.size()));
    if (p.full_evidence_cylinders <= 0.0) {
        return score;
    }
    return score * std::min(1.0, static_cast<double>(smaller) / p.full_evidence_cylinders);
}

double compare(const MatchTemplate& probe, const MatchTemplate& candidate)
{
    static const Matcher matcher;
    return matcher.compare(probe, candidate);
}

} // namespace ktpel::biometrics::matcher
