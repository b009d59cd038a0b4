// SPDX-License-Identifier: Apache-2.0
#include "cylinder_similarity.hpp"

#include <bit>
#include <cmath>

#include "angles.hpp"
#include "cylinder_builder.hpp"

// Popcounts dominate a comparison. Without a -march flag the compiler
// calls a library routine for each; with function multi-versioning the
// similarity loop also gets a POPCNT build, picked at load time on CPUs
// that have the instruction.
#if defined(__GNUC__) && defined(__x86_64__) && defined(__ELF__)
#define KTPEL_MATCHER_POPCNT_CLONES __attribute__((target_clones("popcnt", "default")))
#else
#define KTPEL_MATCHER_POPCNT_CLONES
#endif

namespace ktpel::biometrics::matcher {

namespace {

[[gnu::always_inline]] inline float similarity_of(const CylinderCode& a, const CylinderCode& b,
                                                  int min_matchable_cells)
{
    std::array<std::uint64_t, words_per_layer> common{};
    int common_cells = 0;
    for (int word = 0; word < words_per_layer; ++word) {
        common[word] = a.valid[word] & b.valid[word];
        common_cells += std::popcount(common[word]);
    }
    if (common_cells < min_matchable_cells) {
        return 0.0f;
    }
    int set_a = 0;
    int set_b = 0;
    int differing = 0;
    for (int word = 0; word < code_words; ++word) {
        const std::uint64_t mask = common[word % words_per_layer];
        const std::uint64_t bits_a = a.cells[word] & mask;
        const std::uint64_t bits_b = b.cells[word] & mask;
        set_a += std::popcount(bits_a);
        set_b += std::popcount(bits_b);
        differing += std::popcount(bits_a ^ bits_b);
    }
    if (set_a + set_b == 0) {
        return 0.0f;
    }
    const float norm_sum =
        std::sqrt(static_cast<float>(set_a)) + std::sqrt(static_cast<float>(set_b));
    return 1.0f - std::sqrt(static_cast<float>(differing)) / norm_sum;
}

} // namespace

float cylinder_similarity(const CylinderCode& a, const CylinderCode& b, int min_matchable_cells)
{
    return similarity_of(a, b, min_matchable_cells);
}

KTPEL_MATCHER_POPCNT_CLONES void local_similarities(const MatchTemplate& a, const MatchTemplate& b,
                                                    const ConsolidationParameters& parameters,
                                                    std::vector<float>& matrix)
{
    static const int disc_cells = cells_in_disc();
    const int min_matchable_cells =
        static_cast<int>(std::ceil(parameters.min_matchable_cell_share * disc_cells));
    const auto max_turn = static_cast<float>(parameters.max_direction_difference);
    const std::size_t columns = b.size();
    matrix.assign(a.size() * columns, 0.0f);
    for (std::size_t row = 0; row < a.size(); ++row) {
        const float angle_a = a.minutiae[row].angle;
        for (std::size_t column = 0; column < columns; ++column) {
            // Both angles are in [0, 2 pi): shift one into [-pi, pi) first.
            const float turn =
                std::abs(wrapped_difference(angle_a - std::numbers::pi_v<float>,
                                            b.minutiae[column].angle - std::numbers::pi_v<float>));
            if (turn > max_turn) {
                continue;
            }
            matrix[row * columns + column] =
                similarity_of(a.cylinders[row], b.cylinders[column], min_matchable_cells);
        }
    }
}

} // namespace ktpel::biometrics::matcher
