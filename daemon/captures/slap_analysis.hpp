// SPDX-License-Identifier: Apache-2.0
// What the daemon computes from a slap image, so that scanners which only
// deliver images are served: the fingertips with their ISO positions, a
// quality per finger from the pixels, and a minutiae template per finger
// (ISO/IEC 19794-2). Runs on the device's worker, after the capture.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "biometrics/fingerprint/finger_position.hpp"
#include "drivers/classes/fingerprint_scanner.hpp"

namespace ktpel::daemon {

struct AnalysedFinger
{
    biometrics::fingerprint::FingerPosition position;
    nlohmann::json summary;                 // position, box, quality, features, minutiae count
    drivers::RasterImage crop;              // the fingertip, same ppi
    std::vector<std::uint8_t> iso_template; // ISO/IEC 19794-2:2005, one finger view
};

struct SlapAnalysis
{
    std::vector<AnalysedFinger> fingers;
    nlohmann::json summary; // expected/found counts, status, wrong hand, missing declared
};

// `missing`: fingers declared missing or injured before the capture; the
// expected count follows from the slot less those. `single_finger`: the
// position of the one finger of SlapSlot::single (unknown when any).
SlapAnalysis analyse_slap(const drivers::RasterImage& image, drivers::SlapSlot slot,
                          const std::vector<biometrics::fingerprint::FingerPosition>& missing,
                          biometrics::fingerprint::FingerPosition single_finger =
                              biometrics::fingerprint::FingerPosition::unknown);

// "left_ring" -> left_ring; nullopt for an unknown name.
std::optional<biometrics::fingerprint::FingerPosition>
finger_position_from_name(const std::string& name);

} // namespace ktpel::daemon
