// SPDX-License-Identifier: Apache-2.0
// Comparing two fingers as the station holds them, ISO/IEC 19794-2
// records: the activation check (the live finger against the card's) and
// the duplicate-finger check of step 4 (a finger captured twice).
#pragma once

#include <cstdint>
#include <span>

#include "biometrics/matcher/match_decision.hpp"

namespace ktpel::daemon {

// The station's threshold for "the same finger": one false match in ten
// thousand impostor comparisons on the synthetic calibration set.
inline constexpr const biometrics::matcher::OperatingPoint& kSameFingerPoint =
    biometrics::matcher::fmr_one_in_10000;

// The matcher's score in [0, 1] between the first view of each record.
// Throws std::invalid_argument for a record that does not decode.
double compare_finger_records(std::span<const std::uint8_t> probe,
                              std::span<const std::uint8_t> candidate);

} // namespace ktpel::daemon
