// SPDX-License-Identifier: Apache-2.0
#include "service_walk.hpp"

#include "walkthrough_error.hpp"

namespace walkthrough {

using nlohmann::json;

namespace {

// The seed SOP's first step: whoever may record it opens the application.
constexpr const char* kFirstStep = "submit_documents";

} // namespace

void ServiceWalk::open(const Applicant& applicant)
{
    auto& desk = staff_.performer_of(sop_.step(kFirstStep));
    latest_ = desk.call("application.open", applicant.open_args());
    application_ = latest_.at("id").get<std::string>();
    narrator_.line(
        "application " + application_ + " opened by " + desk.officer() + " for NIK " +
        masked_nik(applicant.nik) + ": " + applicant.description +
        (applicant.biometrics_recorded ? " (opened with biometrics_recorded: true)" : ""));
}

OfficerDesk& ServiceWalk::start(const std::string& step_id)
{
    const auto& step = sop_.step(step_id);
    auto& desk = staff_.performer_of(step);
    narrator_.step_begins(step, desk, detail_);
    latest_ = desk.call("sop.step.start", {{"application", application_}, {"step", step_id}});
    return desk;
}

void ServiceWalk::complete(const std::string& step_id, const StepClose& close)
{
    const auto& step = sop_.step(step_id);
    auto& desk = staff_.performer_of(step);
    json args = {{"application", application_}, {"step", step_id}};
    if (close.outcome)
        args["outcome"] = *close.outcome;
    if (!close.notes.empty())
        args["notes"] = close.notes;
    if (!close.reason.empty())
        args["reason"] = close.reason;
    latest_ = desk.call("sop.step.complete", std::move(args));
    narrator_.step_ends(step, record_of(step_id), detail_);
}

void ServiceWalk::perform(const std::string& step_id, const StepClose& close)
{
    start(step_id);
    complete(step_id, close);
}

void ServiceWalk::skip(const std::string& step_id, const std::string& reason)
{
    const auto& step = sop_.step(step_id);
    auto& desk = staff_.performer_of(step);
    narrator_.step_begins(step, desk, detail_);
    latest_ = desk.call("sop.step.skip",
                        {{"application", application_}, {"step", step_id}, {"reason", reason}});
    narrator_.step_skipped(step, record_of(step_id), detail_);
}

void ServiceWalk::acknowledge(const std::string& step_id, OfficerDesk& desk,
                              const std::optional<std::string>& signature)
{
    json args = {{"application", application_}, {"step", step_id}};
    if (signature)
        args["signature"] = *signature;
    latest_ = desk.call("sop.step.acknowledge", std::move(args));
    const auto acknowledged = record_of(step_id).value("acknowledged", json::object());
    narrator_.line("  acknowledged (" + acknowledged.value("kind", std::string{"?"}) + ") by " +
                   acknowledged.value("role", std::string{"?"}) + ", recorded by " +
                   desk.officer() + " at " + acknowledged.value("at", std::string{"?"}));
}

void ServiceWalk::guard_rail(const std::string& attempt, OfficerDesk& desk, const std::string& op,
                             json args, ktpel::ErrorCode expected)
{
    const auto error = desk.expect_refusal(op, std::move(args), expected);
    narrator_.refusal(attempt, desk, op, error);
}

json ServiceWalk::record_of(const std::string& step_id) const
{
    const auto& steps = latest_.at("steps");
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
        if (it->value("step", std::string{}) == step_id)
            return *it;
    }
    throw WalkthroughFailure("application " + application_ + " has no record of step " + step_id +
                             " after it was done");
}

} // namespace walkthrough
