// SPDX-License-Identifier: Apache-2.0
// card.activate's work across two devices (SOP step 6): the applicant
// proves the card is theirs. The encoder reads the card (through the SAM),
// the fingerprint scanner takes the applicant's index finger live, the
// matcher compares it with the template on the chip, and the chip records
// the outcome: activated, or one failed attempt more (the chip blocks
// itself at its limit). Runs on the encoder's worker while the scanner is
// claimed too.
#pragma once

#include <chrono>
#include <string>

#include "../devices/device_manager.hpp"
#include "../register/office_time_zone.hpp"
#include "biometrics/fingerprint/finger_position.hpp"
#include "drivers/classes/card_encoder.hpp"
#include "drivers/classes/fingerprint_scanner.hpp"

namespace ktpel::daemon {

// For a station that stopped answering: the applicant's finger and the
// card's answers take seconds.
inline constexpr std::chrono::minutes kActivationDeadline{2};

// The card and the application it must belong to.
struct ActivationSubject
{
    std::string nik;        // the application's holder
    std::string issued_uid; // the chip UID of its delivered card
    biometrics::fingerprint::FingerPosition finger =
        biometrics::fingerprint::FingerPosition::right_index;
};

// What the job found, filled on the worker and read on the loop once it
// ended (for the register row and the error's details).
struct ActivationReport
{
    std::string chip_uid;
    std::string live_template_sha256;
};

// Activates one card. A refusal of the card (another applicant's, not the
// delivered one, already activated, blocked) is a DeviceFailure of kind
// card; a failure of the scanner is thrown as CompanionFailure naming
// `scanner_id` and costs the applicant no attempt. The result says
// whether the finger matched, the score against the threshold and the
// chip's activation record with the attempts left.
OperationOutcome activate_card(drivers::CardEncoder& encoder, drivers::FingerprintScanner& scanner,
                               const std::string& scanner_id, const ActivationSubject& subject,
                               std::chrono::milliseconds capture_timeout,
                               reg::OfficeTimeZone time_zone,
                               const drivers::OperationContext& context, ActivationReport& report);

} // namespace ktpel::daemon
