// SPDX-License-Identifier: Apache-2.0
// SFinGe-style ridge growth (Cappelli, Maio, Maltoni): start from a few
// random seeds and repeatedly filter with Gabor kernels tuned to the local
// orientation and period, saturating after each pass. Ridges spread from
// every seed along the orientation field; where fronts with different
// phase meet, endings and bifurcations form by themselves, as minutiae do.
#pragma once

#include <cstdint>
#include <vector>

#include "orientation_field.hpp"
#include "ridge_period_map.hpp"
#include "seeded_random.hpp"

namespace ktpel::sim::fingerprint {

struct RidgeGrowthParams
{
    // Mean distance between seeds; fewer seeds give longer, smoother
    // ridges and fewer minutiae.
    double seed_spacing_px = 45.0;
    // Pass limit; growth stops earlier once the field has settled.
    int max_iterations = 24;
    // Settled when the mean absolute change per pixel in a pass falls
    // below this (after the whole mask is covered).
    double settled_change = 0.03;
    // Amplification before saturation: above ~1 a pattern sustains
    // itself, larger values grow faster and give sharper ridges.
    double gain = 2.2;
    // Gabor envelope widths as fractions of the local period.
    double sigma_across = 0.40;
    double sigma_along = 0.55;
};

// A width x height field in [-1, 1]: > 0 on ridges, < 0 in valleys, 0
// where growth_mask is 0. It is the final unsaturated filter response, so
// it varies smoothly across each ridge and a threshold other than 0 gives
// thinner or thicker ridges. Throws std::invalid_argument on size
// mismatches.
std::vector<float> grow_ridges(const OrientationField& orientation, const RidgePeriodMap& period,
                               const std::vector<std::uint8_t>& growth_mask,
                               const RidgeGrowthParams& params, SeededRandom& random);

} // namespace ktpel::sim::fingerprint
