// SPDX-License-Identifier: Apache-2.0
// Checks a step's declared evidence against the facts the services recorded
// for its application (register step_facts). Pure: no clock, no I/O.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../register/register_records.hpp"
#include "sop_model.hpp"

namespace ktpel::sop {

// What a step's completion brings besides the facts already recorded: the
// values the officer declares (EvidenceRequirement kind "declared").
using Declarations = std::map<std::string, std::string>;

struct EvidenceFinding
{
    // What is lacking, e.g. "fingerprints.thumbs", "irises.left",
    // "face_photo", "card_issued", "declared.kk_number". Empty: complete.
    std::vector<std::string> missing;
    // Per missing item, why (for the operator's screen).
    nlohmann::json why = nlohmann::json::object();
    // Set when the evidence is lacking but excused by a recorded fact: the
    // step may complete with this outcome and a reason (step 6: the chip
    // blocked itself after its attempts: "not_activated").
    std::optional<std::string> excused_as;
    nlohmann::json excuse; // the fact that excuses it
};

// `facts`: every fact of the application, withdrawn ones included (they
// are skipped here). Only facts recorded in `step` count, except the card
// a later step acts on (card_issued, from whichever step issued it).
EvidenceFinding check_evidence(const Step& step, const std::vector<reg::StepFact>& facts,
                               const Declarations& declared);

// The slots a four-four-two recording consists of.
inline const std::vector<std::string>& four_four_two_slots()
{
    static const std::vector<std::string> slots{"left_four", "right_four", "thumbs"};
    return slots;
}

} // namespace ktpel::sop
