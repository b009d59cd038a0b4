// SPDX-License-Identifier: Apache-2.0
// Test helper: the iris unwrapped into (angle, radius) with Daugman's rubber
// sheet between the ground-truth circles, and a shift-tolerant correlation
// of two such unwrappings.
#pragma once

#include <vector>

#include "sim/synthetic_iris/eye_ground_truth.hpp"

namespace ktpel::sim::iris::testing {

struct UnwrappedIris
{
    int angles = 0;
    int radii = 0;
    std::vector<double> values; // radii rows of `angles` samples, row means removed
};

// Samples angles over the lower and lateral iris (the upper lid is avoided)
// at rho in [0.12, 0.85].
UnwrappedIris unwrap_iris(const SyntheticEye& eye, int angles = 240, int radii = 24);

// Largest Pearson correlation over angular shifts of up to max_shift samples.
double best_correlation(const UnwrappedIris& a, const UnwrappedIris& b, int max_shift);

} // namespace ktpel::sim::iris::testing
