// SPDX-License-Identifier: Apache-2.0
// Minutiae sets for the matcher tests: from the synthetic generator through
// the daemon's extractor, random ones, and rigid transforms of a set.
#pragma once

#include <cstdint>
#include <vector>

#include "biometrics/fingerprint/minutia.hpp"
#include "biometrics/matcher/match_template.hpp"
#include "sim/synthetic_fingerprint/skin_condition.hpp"

namespace ktpel::biometrics::matcher::testing {

// Impressions are 400 x 500 at 500 ppi.
inline constexpr TemplateGeometry impression_geometry{400, 500, 500.0, 500.0};

// Minutiae the extractor finds in impression `impression` of the right
// index finger of synthetic person `person`. Masters are cached for the
// whole test run.
std::vector<fingerprint::Minutia> extracted_minutiae(
    std::uint64_t person, int impression,
    sim::fingerprint::SkinCondition condition = sim::fingerprint::SkinCondition::Normal);

// `count` minutiae uniformly spread over width x height with uniform
// directions, from a fixed-seed generator (no std:: distributions, so the
// same on every platform).
std::vector<fingerprint::Minutia> random_minutiae(std::uint64_t seed, int count, int width,
                                                  int height);

// Rotates the set by `radians` counter-clockwise as displayed about
// (centre_x, centre_y), then shifts it by (dx, dy) pixels (y down), rounding
// positions to whole pixels as an extractor would.
std::vector<fingerprint::Minutia> rotated_and_shifted(const std::vector<fingerprint::Minutia>& set,
                                                      double radians, double centre_x,
                                                      double centre_y, int dx, int dy);

} // namespace ktpel::biometrics::matcher::testing
