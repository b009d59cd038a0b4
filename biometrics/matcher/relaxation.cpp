// SPDX-License-Identifier: Apache-2.0
#include "relaxation.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "angles.hpp"

namespace ktpel::biometrics::matcher {

namespace {

// Distances differing by more than this are incompatible for any sensible
// parameters (the default gives 4e-23 there).
constexpr double max_tabulated_distance = 64.0;
constexpr int distance_entries = 64 * 32;
constexpr int angle_entries = 4096;

} // namespace

LogisticTable::LogisticTable(double mu, double tau, double max_input, int entries)
    : values_(static_cast<std::size_t>(entries) + 1),
      scale_(static_cast<float>(entries / max_input))
{
    for (int index = 0; index <= entries; ++index) {
        // Each entry covers [x, x + step): sample its middle.
        const double x = (index + 0.5) * max_input / entries;
        values_[static_cast<std::size_t>(index)] =
            static_cast<float>(1.0 / (1.0 + std::exp(-tau * (x - mu))));
    }
}

Relaxation::Relaxation(const ConsolidationParameters& parameters)
    : parameters_(parameters),
      distance_compatibility_(parameters.distance_mu, parameters.distance_tau,
                              max_tabulated_distance, distance_entries),
      direction_compatibility_(parameters.direction_mu, parameters.direction_tau, std::numbers::pi,
                               angle_entries),
      radial_compatibility_(parameters.radial_mu, parameters.radial_tau, std::numbers::pi,
                            angle_entries)
{
}

double Relaxation::global_score(const MatchTemplate& a, const MatchTemplate& b,
                                std::span<const LocalPair> pairs, int pairs_to_average) const
{
    const std::size_t count = pairs.size();
    if (count == 0 || pairs_to_average <= 0) {
        return 0.0;
    }
    const std::size_t size_a = a.size();
    const std::size_t size_b = b.size();

    // rho(t, k): how well pair k agrees with pair t about the geometry.
    // The distance and direction-change terms are symmetric in (t, k); the
    // radial angle is measured from the first minutia, so rho is not.
    auto rho = [&](const LocalPair& from, const LocalPair& to, float distance_term) {
        const std::size_t entry_a = from.a * size_a + to.a;
        const std::size_t entry_b = from.b * size_b + to.b;
        return distance_term *
               direction_compatibility_(std::abs(wrapped_difference(
                   a.direction_changes[entry_a], b.direction_changes[entry_b]))) *
               radial_compatibility_(std::abs(
                   wrapped_difference(a.radial_angles[entry_a], b.radial_angles[entry_b])));
    };
    std::vector<float> compatibility(count * count, 0.0f);
    for (std::size_t t = 0; t < count; ++t) {
        for (std::size_t k = t + 1; k < count; ++k) {
            const float distance_term =
                distance_compatibility_(std::abs(a.distances[pairs[t].a * size_a + pairs[k].a] -
                                                 b.distances[pairs[t].b * size_b + pairs[k].b]));
            if (distance_term < 1e-6f) {
                continue; // negligible whatever the angles
            }
            compatibility[t * count + k] = rho(pairs[t], pairs[k], distance_term);
            compatibility[k * count + t] = rho(pairs[k], pairs[t], distance_term);
        }
    }

    std::vector<float> lambda(count);
    std::vector<float> next(count);
    for (std::size_t t = 0; t < count; ++t) {
        lambda[t] = pairs[t].similarity;
    }
    const auto keep = static_cast<float>(parameters_.relaxation_weight);
    const float spread = count > 1 ? (1.0f - keep) / static_cast<float>(count - 1) : 0.0f;
    for (int iteration = 0; iteration < parameters_.relaxation_iterations; ++iteration) {
        for (std::size_t t = 0; t < count; ++t) {
            const float* rho = &compatibility[t * count];
            float support = 0.0f;
            for (std::size_t k = 0; k < count; ++k) {
                support += rho[k] * lambda[k];
            }
            next[t] = keep * lambda[t] + spread * support;
        }
        lambda.swap(next);
    }

    // Efficiency: how much of its initial similarity a pair kept.
    std::vector<std::size_t> order(count);
    for (std::size_t t = 0; t < count; ++t) {
        order[t] = t;
    }
    std::vector<float> efficiency(count);
    for (std::size_t t = 0; t < count; ++t) {
        efficiency[t] = lambda[t] / pairs[t].similarity;
    }
    const std::size_t averaged = std::min(count, static_cast<std::size_t>(pairs_to_average));
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(averaged),
                      order.end(), [&](std::size_t left, std::size_t right) {
                          if (efficiency[left] != efficiency[right]) {
                              return efficiency[left] > efficiency[right];
                          }
                          return left < right;
                      });
    double sum = 0.0;
    for (std::size_t i = 0; i < averaged; ++i) {
        sum += lambda[order[i]];
    }
    return std::clamp(sum / pairs_to_average, 0.0, 1.0);
}

} // namespace ktpel::biometrics::matcher
