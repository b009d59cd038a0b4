// SPDX-License-Identifier: Apache-2.0
// The duplicate-finger check of SOP step 4: a finger captured twice (the
// same hand in two slap slots, the same finger offered for another
// position) would give the applicant a recording with one finger under two
// names. Each newly captured finger is compared with the fingers the
// application already holds under other positions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "biometrics/fingerprint/finger_position.hpp"
#include "capture_store.hpp"
#include "finger_comparison.hpp"

namespace ktpel::daemon {

// One finger's ISO/IEC 19794-2 record, copied out of the capture store so
// that a device worker can compare it; its bytes are wiped with it.
struct HeldFingerTemplate
{
    biometrics::fingerprint::FingerPosition position{};
    std::string capture; // the held capture's id
    std::vector<std::uint8_t> record;

    HeldFingerTemplate() = default;
    HeldFingerTemplate(biometrics::fingerprint::FingerPosition position, std::string capture,
                       std::vector<std::uint8_t> record);
    HeldFingerTemplate(const HeldFingerTemplate&) = default;
    HeldFingerTemplate(HeldFingerTemplate&&) = default;
    HeldFingerTemplate& operator=(const HeldFingerTemplate&) = default;
    HeldFingerTemplate& operator=(HeldFingerTemplate&&) = default;
    ~HeldFingerTemplate();
};

// The finger templates of the application's held fingerprint captures, for
// a new capture in `slot`. A capture of the same slot is left out: the new
// one replaces it (a retake), so its fingers leave the recording. Templates
// of an unknown position are left out too. Loop thread (the store is not
// thread-safe); the copies are what the worker compares.
std::vector<HeldFingerTemplate> held_finger_templates(const CaptureStore& store,
                                                      const std::string& application,
                                                      const std::string& slot);

struct NewFingerTemplate
{
    biometrics::fingerprint::FingerPosition position{};
    const std::vector<std::uint8_t>* record = nullptr; // ISO/IEC 19794-2
};

struct DuplicateFinger
{
    biometrics::fingerprint::FingerPosition position{}; // the new finger
    biometrics::fingerprint::FingerPosition matches{};  // the held finger it matched
    std::string capture;                                // the held finger's capture
    double score = 0.0;
};

// Every pair of a new finger and a held finger of another position whose
// score reaches `threshold` (default: the station's same-finger point).
// A new finger of unknown position is not checked: it could be a retake of
// any finger. Throws std::invalid_argument for a record that does not
// decode.
std::vector<DuplicateFinger> find_duplicate_fingers(const std::vector<NewFingerTemplate>& fresh,
                                                    const std::vector<HeldFingerTemplate>& held,
                                                    double threshold = kSameFingerPoint.threshold);

// {"position", "matches", "capture", "score"}
nlohmann::json to_json(const DuplicateFinger& duplicate);

} // namespace ktpel::daemon
