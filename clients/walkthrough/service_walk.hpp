// SPDX-License-Identifier: Apache-2.0
// One application walked through the SOP: each step started and completed
// (or skipped) by the officer the SOP names for it, narrated as it goes.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <ktpel/error_code.hpp>

#include "applicant.hpp"
#include "narrator.hpp"
#include "sop_guide.hpp"
#include "staff.hpp"

namespace walkthrough {

// How a step is closed: a decision's outcome, with the reason the register
// needs when the outcome ends the service.
struct StepClose
{
    std::optional<std::string> outcome;
    std::string notes;
    std::string reason;
};

class ServiceWalk
{
public:
    ServiceWalk(const SopGuide& sop, Staff& staff, Narrator& narrator, Detail detail)
        : sop_(sop), staff_(staff), narrator_(narrator), detail_(detail)
    {
    }

    // application.open by whoever performs the first step (the counter
    // officer receiving the documents).
    void open(const Applicant& applicant);
    const std::string& application() const noexcept { return application_; }
    // The application as the daemon last described it.
    const nlohmann::json& latest() const noexcept { return latest_; }

    // sop.step.start by the step's performer, who is returned so the
    // caller can have them work during the step.
    OfficerDesk& start(const std::string& step_id);
    void complete(const std::string& step_id, const StepClose& close = {});
    void perform(const std::string& step_id, const StepClose& close = {});
    void skip(const std::string& step_id, const std::string& reason);
    // sop.step.acknowledge by `desk`: the receiving officer of a hand-over,
    // or the step's officer recording the applicant's signature (the
    // signature.capture id).
    void acknowledge(const std::string& step_id, OfficerDesk& desk,
                     const std::optional<std::string>& signature = std::nullopt);

    // A request the SOP must refuse with `expected`, printed with the
    // daemon's error; throws WalkthroughFailure if the rail does not hold.
    void guard_rail(const std::string& attempt, OfficerDesk& desk, const std::string& op,
                    nlohmann::json args, ktpel::ErrorCode expected);

private:
    // The step's row in the latest description (the newest, if repeated).
    nlohmann::json record_of(const std::string& step_id) const;

    const SopGuide& sop_;
    Staff& staff_;
    Narrator& narrator_;
    Detail detail_;
    std::string application_;
    nlohmann::json latest_ = nlohmann::json::object();
};

} // namespace walkthrough
