// SPDX-License-Identifier: Apache-2.0
// The SOP engine: pure logic over the SOP model, the register's records
// and an injected clock. Each call checks one request against the SOP
// (order, role, decisions, skip condition) and returns the transition to
// commit; it never writes or publishes itself, so the caller can commit
// before it replies and publishes (ARCHITECTURE.md, register/).
#pragma once

#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "../register/office_time_zone.hpp"
#include "../register/register_records.hpp"
#include "clock.hpp"
#include "sop_model.hpp"
#include "step_evidence.hpp"

namespace ktpel::sop {

// Who asks: an officer and the roles they hold.
struct Actor
{
    std::string officer_id;
    std::set<std::string> roles;
};

struct SopEvent
{
    std::string topic; // "sop.step.started", ...
    nlohmann::json data;
};

struct Transition
{
    reg::ApplicationRecord application;
    std::vector<reg::StepRecord> steps; // rows to insert (id 0) or update
    std::vector<SopEvent> events;       // publish after the commit
    std::vector<reg::StepFact> facts;   // committed with it (declared values)
};

// What a completion rests on: the application's recorded facts (all of
// them, the engine picks the step's) and the values the officer declares.
struct CompletionEvidence
{
    std::vector<reg::StepFact> facts;
    Declarations declared;
};

// What an applicant's acknowledgement rests on: the signature taken on the
// pad during the step (the held capture's id and its image's hash).
struct SignatureEvidence
{
    std::string capture_id;
    std::string sha256;
};

struct OpenRequest
{
    std::string nik;
    std::string kk_number;
    bool married = false;             // below 17, only a married applicant may apply
    bool biometrics_recorded = false; // step 4's skip condition, as declared at the counter
};

class Engine
{
public:
    // time_scale > 1 runs the service that many times faster (training and
    // demo): standard times are divided by it. `time_zone` is the office's
    // clock: the applicant's age is counted on its day.
    Engine(const Sop& sop, const Clock& clock, int time_scale = 1,
           reg::OfficeTimeZone time_zone = reg::OfficeTimeZone::wib());

    const Sop& sop() const noexcept { return sop_; }
    int time_scale() const noexcept { return time_scale_; }
    std::chrono::milliseconds scaled_standard_time(const Step& step) const;

    // Validates the numbers and the applicant's eligibility; the register
    // assigns the id. Throws DomainError (invalid_input, forbidden; an
    // ineligible applicant is invalid_input with details.reason).
    reg::ApplicationRecord open(const OpenRequest& request, const Actor& actor) const;
    std::vector<SopEvent> opened_events(const reg::ApplicationRecord& application) const;

    // Each throws DomainError: sop_order (wrong step, not started,
    // already closed, skip not allowed, evidence missing: details.missing),
    // forbidden (role), invalid_input (missing, unknown or unexpected
    // outcome, missing reason, unknown declaration).
    Transition start_step(const reg::ApplicationRecord& application,
                          const std::optional<reg::StepRecord>& open_step,
                          const std::string& step_id, const Actor& actor) const;
    Transition complete_step(const reg::ApplicationRecord& application,
                             const std::optional<reg::StepRecord>& open_step,
                             const std::string& step_id, const Actor& actor,
                             const std::optional<std::string>& outcome, const std::string& notes,
                             const std::string& reason, const CompletionEvidence& evidence) const;
    // The receiving party of a hand-over acknowledges the step in progress
    // (complete_step refuses a hand-over until then). An officer role
    // acknowledges in its own session and must not be the officer handing
    // over; the applicant's acknowledgement is recorded by the step's
    // officer, with the signature when the step permits signature.capture.
    // Throws sop_order (not a hand-over, not started, already
    // acknowledged), forbidden (role, same officer) or invalid_input
    // (signature missing or not expected).
    Transition acknowledge_step(const reg::ApplicationRecord& application,
                                const std::optional<reg::StepRecord>& open_step,
                                const std::string& step_id, const Actor& actor,
                                const std::optional<SignatureEvidence>& signature) const;
    Transition skip_step(const reg::ApplicationRecord& application, const std::string& step_id,
                         const Actor& actor, const std::string& reason) const;
    // Allowed to an officer who may perform the application's current step,
    // or who holds the SOP's supervisor role; the reason is required.
    Transition cancel(const reg::ApplicationRecord& application,
                      const std::optional<reg::StepRecord>& open_step, const Actor& actor,
                      const std::string& reason) const;

    // May `actor` run device operation `operation` for this application
    // now? Throws sop_order or forbidden.
    void authorize_operation(const reg::ApplicationRecord& application,
                             const std::optional<reg::StepRecord>& open_step,
                             const std::string& operation, const Actor& actor) const;

    // The roles that may perform a step: its actor, and the officer who
    // assists when the actor is the applicant.
    std::set<std::string> performing_roles(const Step& step) const;

    // How a hand-over step is acknowledged: "officer" (the receiving
    // officer's session), "applicant_signature" (the pad),
    // "applicant_paper" (the step's officer confirms the signed paper);
    // "" for a step that is no hand-over.
    std::string acknowledgement_kind(const Step& step) const;

private:
    const Step& current_step(const reg::ApplicationRecord& application,
                             const std::string& step_id) const;
    void require_role(const Step& step, const Actor& actor) const;
    void advance(Transition& transition, const Step& from, const std::optional<std::string>& next,
                 const std::string& end_state, const std::string& reason) const;
    reg::Millis now_ms() const;

    const Sop& sop_;
    const Clock& clock_;
    int time_scale_;
    reg::OfficeTimeZone time_zone_;
};

} // namespace ktpel::sop
