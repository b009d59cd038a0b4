// SPDX-License-Identifier: Apache-2.0
// What card.issue writes on the chip and prints on the card body, gathered
// on the loop before any card moves: from the step-4 recording held for
// the application, or from biometrics the client supplied from the central
// record (an applicant whose recording was skipped). Every refusal is a
// DomainError(invalid_input) naming the missing or bad part.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../captures/held_capture.hpp"
#include "../card/card_data.hpp"
#include "../errors/domain_error.hpp"
#include "chip/ktpel_chip_session.hpp"

namespace ktpel::daemon {

class ApplicationService;

struct IssueMaterial
{
    chip::ChipContents chip;
    card::CardData card;
    nlohmann::json sources;                             // which capture gave what, for the result
    std::map<std::string, std::string> supplied_hashes; // part -> SHA-256, when supplied
};

// The bytes of one supplied part ("portrait", "signature",
// "right_template", "left_template"). Read part by part as the checks go,
// so the first bad part is the one reported; throws for a part the request
// does not hold.
using SuppliedPartReader = std::function<std::span<const std::uint8_t>(const std::string& part)>;

// The refusal of a supplied part ("" for the supplied argument itself).
DomainError supplied_part_invalid(const std::string& part, const std::string& message);

// Refuses a card whose NIK is not the application's, supplied biometrics
// for an application recorded here, and none for one whose recording was
// skipped.
void check_issue_source(const ApplicationService& applications, const std::string& application,
                        const card::CardData& card, bool supplied);

// The chip's biometrics from the step-4 recording held for the application.
IssueMaterial material_from_recording(card::CardData card,
                                      const std::vector<const HeldCapture*>& captures);

// The chip's biometrics from the central record, checked as captures are,
// their hashes kept for the register.
IssueMaterial material_from_supplied(card::CardData card, const SuppliedPartReader& supplied);

} // namespace ktpel::daemon
