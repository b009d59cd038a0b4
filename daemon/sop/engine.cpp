// SPDX-License-Identifier: Apache-2.0
#include "engine.hpp"

#include "../errors/domain_error.hpp"
#include "../register/office_day.hpp"
#include "identity_numbers.hpp"

namespace ktpel::sop {
namespace {

using daemon::DomainError;
using daemon::Fault;

using reg::ApplicationState;

constexpr int kAdultAge = 17; // UU 24/2013 art. 63: 17, or married

[[noreturn]] void out_of_order(const std::string& message, nlohmann::json details)
{
    throw DomainError(Fault::sop_order, message, std::move(details));
}

[[noreturn]] void invalid(const std::string& arg, const std::string& message)
{
    throw DomainError(Fault::invalid_input, message, {{"arg", arg}});
}

std::chrono::year_month_day office_day(std::chrono::system_clock::time_point at,
                                       reg::OfficeTimeZone time_zone)
{
    return reg::office_day_of(
               std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count(),
               time_zone)
        .date;
}

void require_open(const reg::ApplicationRecord& application)
{
    if (application.state != ApplicationState::open)
        out_of_order(
            "application " + application.id + " is " + reg::to_string(application.state),
            {{"application", application.id}, {"state", reg::to_string(application.state)}});
}

nlohmann::json step_event(const reg::ApplicationRecord& application, const Step& step,
                          const std::string& officer)
{
    return {{"application", application.id},
            {"sop", application.sop_id},
            {"step", step.id},
            {"number", step.number},
            {"officer", officer}};
}

} // namespace

Engine::Engine(const Sop& sop, const Clock& clock, int time_scale, reg::OfficeTimeZone time_zone)
    : sop_(sop), clock_(clock), time_scale_(std::max(time_scale, 1)), time_zone_(time_zone)
{
}

reg::Millis Engine::now_ms() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now().time_since_epoch())
        .count();
}

std::chrono::milliseconds Engine::scaled_standard_time(const Step& step) const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(step.standard_time) / time_scale_;
}

std::set<std::string> Engine::performing_roles(const Step& step) const
{
    std::set<std::string> roles{step.actor};
    if (step.assisted_by)
        roles.insert(*step.assisted_by);
    return roles;
}

std::string Engine::acknowledgement_kind(const Step& step) const
{
    if (!step.acknowledged_by)
        return "";
    const Role* receiving = sop_.find_role(*step.acknowledged_by);
    if (!receiving || !receiving->applicant)
        return "officer";
    const auto& operations = step.permitted_operations;
    return std::find(operations.begin(), operations.end(), "signature.capture") != operations.end()
               ? "applicant_signature"
               : "applicant_paper";
}

void Engine::require_role(const Step& step, const Actor& actor) const
{
    const auto allowed = performing_roles(step);
    for (const auto& role : actor.roles) {
        if (allowed.contains(role))
            return;
    }
    throw DomainError(
        Fault::forbidden,
        "step " + std::to_string(step.number) + " (" + step.title_en + ") is done by " +
            nlohmann::json(allowed).dump() + "; " + actor.officer_id + " holds none of these",
        {{"step", step.id}, {"required_roles", allowed}, {"officer", actor.officer_id}});
}

const Step& Engine::current_step(const reg::ApplicationRecord& application,
                                 const std::string& step_id) const
{
    require_open(application);
    const Step* step = sop_.find_step(step_id);
    if (!step)
        throw DomainError(Fault::not_found, "the SOP has no step \"" + step_id + "\"",
                          {{"step", step_id}});
    if (step_id != application.current_step)
        out_of_order("step " + std::to_string(step->number) + " (" + step_id +
                         ") is not next: application " + application.id + " is at " +
                         application.current_step,
                     {{"application", application.id},
                      {"step", step_id},
                      {"current_step", application.current_step}});
    return *step;
}

reg::ApplicationRecord Engine::open(const OpenRequest& request, const Actor& actor) const
{
    // Whoever records the first step (the counter officer receiving the
    // applicant's documents) opens the application.
    require_role(sop_.steps.front(), actor);
    const auto today = office_day(clock_.now(), time_zone_);
    const auto nik = parse_nik(request.nik, today);
    check_kk_number(request.kk_number, today);
    const int age = age_on(nik.birth_date, today);
    if (age < 0)
        invalid("nik", "the NIK's date of birth is in the future");
    // Not a role question (forbidden is for roles): the request itself
    // names an applicant the service is not for.
    if (age < kAdultAge && !request.married)
        throw DomainError(
            Fault::invalid_input,
            "a KTP-el is issued from 17 years of age, or earlier to a married applicant",
            {{"arg", "nik"}, {"age", age}, {"reason", "too_young"}});

    reg::ApplicationRecord application;
    application.sop_id = sop_.id;
    application.nik = request.nik;
    application.kk_number = request.kk_number;
    application.opened_by = actor.officer_id;
    application.opened_at = now_ms();
    application.state = ApplicationState::open;
    application.current_step = sop_.steps.front().id;
    application.current_step_started = false;
    application.biometrics_recorded = request.biometrics_recorded;
    return application;
}

std::vector<SopEvent> Engine::opened_events(const reg::ApplicationRecord& application) const
{
    return {{"sop.application.opened",
             {{"application", application.id},
              {"sop", application.sop_id},
              {"officer", application.opened_by},
              {"step", application.current_step}}}};
}

Transition Engine::start_step(const reg::ApplicationRecord& application,
                              const std::optional<reg::StepRecord>& open_step,
                              const std::string& step_id, const Actor& actor) const
{
    const Step& step = current_step(application, step_id);
    if (application.current_step_started || open_step)
        out_of_order("step " + std::to_string(step.number) + " is already in progress",
                     {{"application", application.id}, {"step", step_id}});
    require_role(step, actor);

    Transition transition{application, {}, {}, {}};
    transition.application.current_step_started = true;
    reg::StepRecord row;
    row.application_id = application.id;
    row.step_id = step.id;
    row.step_number = step.number;
    row.officer = actor.officer_id;
    row.role = *std::find_if(actor.roles.begin(), actor.roles.end(), [&](const auto& role) {
        return performing_roles(step).contains(role);
    });
    row.started_at = now_ms();
    row.standard_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(step.standard_time).count();
    row.time_scale = time_scale_;
    transition.steps.push_back(row);
    auto data = step_event(application, step, actor.officer_id);
    data["standard_ms"] = row.standard_ms;
    data["due_in_ms"] = scaled_standard_time(step).count();
    data["permitted_operations"] = step.permitted_operations;
    transition.events.push_back({"sop.step.started", std::move(data)});
    return transition;
}

void Engine::advance(Transition& transition, const Step& from,
                     const std::optional<std::string>& next, const std::string& end_state,
                     const std::string& reason) const
{
    auto& application = transition.application;
    application.current_step_started = false;
    if (next) {
        application.current_step = *next;
        transition.events.push_back(
            {"sop.step.next",
             {{"application", application.id}, {"step", *next}, {"after", from.id}}});
        return;
    }
    application.state =
        end_state == completed_end_state ? ApplicationState::completed : ApplicationState::ended;
    application.end_state = end_state;
    application.end_reason = reason;
    application.closed_at = now_ms();
    application.current_step.clear();
    transition.events.push_back({"sop.application.closed",
                                 {{"application", application.id},
                                  {"state", reg::to_string(application.state)},
                                  {"end_state", end_state},
                                  {"reason", reason},
                                  {"at_step", from.id}}});
}

Transition Engine::complete_step(const reg::ApplicationRecord& application,
                                 const std::optional<reg::StepRecord>& open_step,
                                 const std::string& step_id, const Actor& actor,
                                 const std::optional<std::string>& outcome,
                                 const std::string& notes, const std::string& reason,
                                 const CompletionEvidence& evidence) const
{
    const Step& step = current_step(application, step_id);
    if (!application.current_step_started || !open_step || open_step->step_id != step_id)
        out_of_order("step " + std::to_string(step.number) + " has not been started",
                     {{"application", application.id}, {"step", step_id}});
    require_role(step, actor);
    if (step.acknowledged_by && !open_step->acknowledged_at)
        out_of_order("step " + std::to_string(step.number) + " (" + step.title_en +
                         ") is a hand-over: it completes once acknowledged by " +
                         *step.acknowledged_by + " (sop.step.acknowledge)" +
                         (step.acknowledgement_en.empty() ? "" : ": " + step.acknowledgement_en),
                     {{"application", application.id},
                      {"step", step_id},
                      {"awaiting", "acknowledgement"},
                      {"acknowledged_by", *step.acknowledged_by},
                      {"acknowledgement", acknowledgement_kind(step)}});

    std::optional<std::string> next = step.next;
    std::string end_state = "completed";
    std::string outcome_id = "done";
    if (step.decision) {
        if (!outcome)
            invalid("outcome",
                    "step " + std::to_string(step.number) + " is a decision: give an outcome");
        const auto& outcomes = step.decision->outcomes;
        const auto chosen = std::find_if(outcomes.begin(), outcomes.end(),
                                         [&](const Outcome& o) { return o.id == *outcome; });
        if (chosen == outcomes.end()) {
            std::vector<std::string> known;
            for (const auto& o : outcomes)
                known.push_back(o.id);
            throw DomainError(Fault::invalid_input, "unknown outcome \"" + *outcome + "\"",
                              {{"arg", "outcome"}, {"known", known}});
        }
        if (chosen->requires_reason && reason.empty())
            invalid("reason", "outcome \"" + chosen->id +
                                  "\" ends the service: the register needs the reason");
        next = chosen->next_step;
        end_state = chosen->end_state.empty() ? "completed" : chosen->end_state;
        outcome_id = chosen->id;
    } else if (outcome) {
        invalid("outcome", "step " + std::to_string(step.number) +
                               " has no decision: complete it without an outcome");
    }

    for (const auto& [name, value] : evidence.declared) {
        const bool expected =
            std::any_of(step.evidence.begin(), step.evidence.end(), [&](const auto& requirement) {
                return requirement.kind == "declared" && requirement.declared == name;
            });
        if (!expected)
            throw DomainError(Fault::invalid_input,
                              "step " + std::to_string(step.number) + " declares no \"" + name +
                                  "\"",
                              {{"arg", "evidence"}, {"name", name}});
    }
    // An outcome that ends the service hands nothing on, so it needs no
    // output; any other completion needs the step's evidence.
    const bool ends_service = !next && step.decision;
    if (!ends_service) {
        const auto finding = check_evidence(step, evidence.facts, evidence.declared);
        if (!finding.missing.empty() && !finding.excused_as)
            out_of_order("step " + std::to_string(step.number) + " (" + step.title_en +
                             ") lacks its evidence: " + nlohmann::json(finding.missing).dump(),
                         {{"application", application.id},
                          {"step", step_id},
                          {"awaiting", "evidence"},
                          {"missing", finding.missing},
                          {"why", finding.why}});
        if (finding.excused_as) {
            if (reason.empty())
                invalid("reason", "step " + std::to_string(step.number) + " ends " +
                                      *finding.excused_as + " (" + finding.excuse.dump() +
                                      "): the register needs the reason");
            outcome_id = *finding.excused_as;
        }
    }

    Transition transition{application, {}, {}, {}};
    for (const auto& [name, value] : evidence.declared) {
        reg::StepFact fact;
        fact.application_id = application.id;
        fact.step_id = step.id;
        fact.fact = "declared";
        fact.subject = name;
        fact.source = "sop.step.complete";
        fact.detail_json = nlohmann::json{{"value", value}, {"officer", actor.officer_id}}.dump();
        fact.recorded_at = now_ms();
        transition.facts.push_back(std::move(fact));
    }
    reg::StepRecord row = *open_step;
    row.ended_at = now_ms();
    row.outcome = outcome_id;
    row.notes = notes;
    if (!reason.empty())
        row.notes = notes.empty() ? reason : notes + " | reason: " + reason;
    const auto elapsed = std::chrono::milliseconds(*row.ended_at - row.started_at);
    if (elapsed > scaled_standard_time(step) && !row.overrun) {
        row.overrun = true;
        row.overrun_at = row.started_at + scaled_standard_time(step).count();
    }
    transition.steps.push_back(row);
    auto data = step_event(application, step, actor.officer_id);
    data["outcome"] = outcome_id;
    data["elapsed_ms"] = elapsed.count();
    data["overrun"] = row.overrun;
    transition.events.push_back({"sop.step.completed", std::move(data)});
    advance(transition, step, next, end_state, reason);
    return transition;
}

Transition Engine::acknowledge_step(const reg::ApplicationRecord& application,
                                    const std::optional<reg::StepRecord>& open_step,
                                    const std::string& step_id, const Actor& actor,
                                    const std::optional<SignatureEvidence>& signature) const
{
    const Step& step = current_step(application, step_id);
    const nlohmann::json where = {{"application", application.id}, {"step", step_id}};
    if (!step.acknowledged_by)
        out_of_order("step " + std::to_string(step.number) +
                         " is not a hand-over: there is nothing to acknowledge",
                     where);
    if (!application.current_step_started || !open_step || open_step->step_id != step_id)
        out_of_order("step " + std::to_string(step.number) + " has not been started", where);
    const auto kind = acknowledgement_kind(step);
    // A new signature may replace the applicant's earlier one (signed
    // again, or the held signature was wiped by a restart); any other
    // acknowledgement is given once.
    if (open_step->acknowledged_at && kind != "applicant_signature")
        out_of_order("step " + std::to_string(step.number) + " is already acknowledged by " +
                         open_step->acknowledged_role,
                     where);

    nlohmann::json evidence = {{"kind", kind}, {"recorded_by", actor.officer_id}};
    if (kind == "officer") {
        if (!actor.roles.contains(*step.acknowledged_by))
            throw DomainError(Fault::forbidden,
                              "step " + std::to_string(step.number) + " hands over to " +
                                  *step.acknowledged_by + "; " + actor.officer_id +
                                  " does not hold that role",
                              {{"step", step.id},
                               {"required_roles", {*step.acknowledged_by}},
                               {"officer", actor.officer_id}});
        // A hand-over is between two people: the officer who hands the card
        // over cannot also sign for receiving it.
        if (actor.officer_id == open_step->officer)
            throw DomainError(Fault::forbidden,
                              actor.officer_id + " handed the card over in step " +
                                  std::to_string(step.number) +
                                  " and cannot also acknowledge receiving it",
                              {{"step", step.id}, {"officer", actor.officer_id}});
        if (signature)
            invalid("signature", "step " + std::to_string(step.number) +
                                     " is acknowledged by an officer, not by a signature");
    } else {
        // The applicant logs into nothing: the officer doing the step
        // records the applicant's acknowledgement.
        require_role(step, actor);
        if (kind == "applicant_signature") {
            if (!signature)
                invalid("signature",
                        "step " + std::to_string(step.number) +
                            ": the applicant acknowledges by signing on the pad; give "
                            "args.signature, the id of a signature.capture taken in this step");
            evidence["capture"] = signature->capture_id;
            evidence["sha256"] = signature->sha256;
        } else if (signature) {
            invalid("signature", "step " + std::to_string(step.number) +
                                     " permits no signature.capture: the applicant signs on paper");
        }
    }

    Transition transition{application, {}, {}, {}};
    reg::StepRecord row = *open_step;
    row.acknowledged_role = *step.acknowledged_by;
    row.acknowledged_at = now_ms();
    row.acknowledgement = evidence.dump();
    transition.steps.push_back(row);
    auto data = step_event(application, step, actor.officer_id);
    data["acknowledged_by"] = *step.acknowledged_by;
    data["kind"] = kind;
    transition.events.push_back({"sop.step.acknowledged", std::move(data)});
    return transition;
}

Transition Engine::skip_step(const reg::ApplicationRecord& application, const std::string& step_id,
                             const Actor& actor, const std::string& reason) const
{
    const Step& step = current_step(application, step_id);
    if (application.current_step_started)
        out_of_order("step " + std::to_string(step.number) +
                         " is in progress; it can no longer be skipped",
                     {{"application", application.id}, {"step", step_id}});
    if (!step.skip)
        out_of_order("the SOP does not allow skipping step " + std::to_string(step.number),
                     {{"application", application.id}, {"step", step_id}});
    require_role(step, actor);
    // The seed's condition is a fact declared at the counter; other SOPs'
    // conditions rest on the officer's stated reason.
    if (step.skip->id == "biometrics_already_recorded" && !application.biometrics_recorded)
        out_of_order(
            "step " + std::to_string(step.number) +
                " may be skipped only for an applicant whose biometrics are already recorded",
            {{"application", application.id}, {"step", step_id}, {"condition", step.skip->id}});
    if (reason.empty())
        invalid("reason", "a skip needs its reason for the register");

    Transition transition{application, {}, {}, {}};
    reg::StepRecord row;
    row.application_id = application.id;
    row.step_id = step.id;
    row.step_number = step.number;
    row.officer = actor.officer_id;
    row.role = step.actor;
    row.started_at = now_ms();
    row.ended_at = row.started_at;
    row.standard_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(step.standard_time).count();
    row.time_scale = time_scale_;
    row.outcome = "skipped";
    row.skip_reason = step.skip->id + ": " + reason;
    transition.steps.push_back(row);
    auto data = step_event(application, step, actor.officer_id);
    data["condition"] = step.skip->id;
    data["reason"] = reason;
    transition.events.push_back({"sop.step.skipped", std::move(data)});
    advance(transition, step, step.next, "completed", "");
    return transition;
}

Transition Engine::cancel(const reg::ApplicationRecord& application,
                          const std::optional<reg::StepRecord>& open_step, const Actor& actor,
                          const std::string& reason) const
{
    require_open(application);
    // The officer who holds the file now, or the section head above them:
    // not any officer of the office, and never a technician.
    std::set<std::string> allowed;
    if (const Step* step = sop_.find_step(application.current_step))
        allowed = performing_roles(*step);
    if (const Role* supervisor = sop_.supervisor_role())
        allowed.insert(supervisor->id);
    const bool may_cancel = std::any_of(actor.roles.begin(), actor.roles.end(),
                                        [&](const auto& role) { return allowed.contains(role); });
    if (!may_cancel)
        throw DomainError(Fault::forbidden,
                          "application " + application.id + " is at " + application.current_step +
                              ": only " + nlohmann::json(allowed).dump() + " may cancel it",
                          {{"officer", actor.officer_id},
                           {"required_roles", allowed},
                           {"step", application.current_step}});
    if (reason.empty())
        invalid("reason", "a cancellation needs its reason for the register");

    Transition transition{application, {}, {}, {}};
    if (open_step) {
        reg::StepRecord row = *open_step;
        row.ended_at = now_ms();
        row.outcome = "cancelled";
        row.notes = reason;
        transition.steps.push_back(row);
    }
    auto& closed = transition.application;
    closed.state = ApplicationState::cancelled;
    closed.end_state = "cancelled";
    closed.end_reason = reason;
    closed.closed_at = now_ms();
    closed.current_step.clear();
    closed.current_step_started = false;
    transition.events.push_back({"sop.application.closed",
                                 {{"application", application.id},
                                  {"state", "cancelled"},
                                  {"end_state", "cancelled"},
                                  {"reason", reason},
                                  {"at_step", application.current_step},
                                  {"officer", actor.officer_id}}});
    return transition;
}

void Engine::authorize_operation(const reg::ApplicationRecord& application,
                                 const std::optional<reg::StepRecord>& open_step,
                                 const std::string& operation, const Actor& actor) const
{
    require_open(application);
    const Step* step = sop_.find_step(application.current_step);
    std::vector<std::string> allowed_in;
    for (const auto& s : sop_.steps) {
        if (std::find(s.permitted_operations.begin(), s.permitted_operations.end(), operation) !=
            s.permitted_operations.end())
            allowed_in.push_back(s.id);
    }
    const bool permitted =
        step && std::find(step->permitted_operations.begin(), step->permitted_operations.end(),
                          operation) != step->permitted_operations.end();
    if (!step || !permitted || !application.current_step_started || !open_step)
        out_of_order(operation + " is allowed only while one of " +
                         nlohmann::json(allowed_in).dump() + " is in progress; application " +
                         application.id + " is at " + application.current_step +
                         (application.current_step_started ? " (in progress)" : " (not started)"),
                     {{"application", application.id},
                      {"operation", operation},
                      {"current_step", application.current_step},
                      {"allowed_in", allowed_in}});
    require_role(*step, actor);
}

} // namespace ktpel::sop
