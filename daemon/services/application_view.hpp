// SPDX-License-Identifier: Apache-2.0
// What an application is now, as the officers' screens need it: its
// register rows (steps, captures' metadata and hashes, card jobs, the
// receipt; never a sample) and, while it is open, what its current step
// asks for. The application service builds it; the edge turns it into the
// protocol's application object (ops/application_json).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "../register/register_records.hpp"
#include "../sop/step_evidence.hpp"

namespace ktpel::daemon {

struct CurrentStepView
{
    std::string step;
    int number = 0;
    std::string title_en;
    std::string title_id;
    bool in_progress = false;
    std::set<std::string> roles; // who may perform it
    bool can_skip = false;
    std::vector<std::string> outcomes; // a decision's, in the SOP's order

    // What the step's completion asks for and still lacks.
    struct Evidence
    {
        std::vector<std::string> required;
        sop::EvidenceFinding finding;
    };
    std::optional<Evidence> evidence;

    // A hand-over: who must acknowledge it, how, and whether they have.
    struct Acknowledgement
    {
        std::string by;
        std::string kind;
        std::string how;
        bool given = false;
    };
    std::optional<Acknowledgement> acknowledgement;
};

struct ApplicationView
{
    reg::ApplicationRecord application;
    std::vector<reg::StepRecord> steps;
    std::vector<reg::CaptureRecord> captures;
    std::vector<reg::CardAttemptRecord> card_attempts;
    std::optional<CurrentStepView> current_step; // while open
    std::optional<reg::ReceiptRecord> receipt;   // a completed service's
    // False for an officer who holds no role of the SOP (a technician):
    // the applicant's identity is none of their business, so they see the
    // masked NIK only, no KK (docs/officers.md).
    bool identity_visible = true;
};

} // namespace ktpel::daemon
