// SPDX-License-Identifier: Apache-2.0
#include "application_service.hpp"

#include <set>

#include "../auth/officer.hpp"
#include "../errors/domain_error.hpp"
#include "../sop/identity_numbers.hpp"
#include "sop_log.hpp"

namespace ktpel::daemon {
namespace {

std::string iso_time(reg::Millis ms)
{
    const auto seconds = std::chrono::sys_seconds{std::chrono::seconds{ms / 1000}};
    const auto day = std::chrono::floor<std::chrono::days>(seconds);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss time{seconds - day};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<long>(time.hours().count()),
                  static_cast<long>(time.minutes().count()),
                  static_cast<long>(time.seconds().count()));
    return text;
}

nlohmann::json step_json(const reg::StepRecord& step)
{
    nlohmann::json json = {{"step", step.step_id},
                           {"number", step.step_number},
                           {"officer", step.officer},
                           {"role", step.role},
                           {"started_at", iso_time(step.started_at)},
                           {"standard_ms", step.standard_ms},
                           {"time_scale", step.time_scale},
                           {"outcome", step.outcome},
                           {"overrun", step.overrun}};
    if (step.ended_at) {
        json["ended_at"] = iso_time(*step.ended_at);
        json["duration_ms"] = *step.ended_at - step.started_at;
    }
    if (!step.notes.empty())
        json["notes"] = step.notes;
    if (!step.skip_reason.empty())
        json["skip_reason"] = step.skip_reason;
    if (step.acknowledged_at) {
        auto evidence = nlohmann::json::parse(step.acknowledgement, nullptr, false);
        if (evidence.is_discarded())
            evidence = nlohmann::json::object();
        evidence["role"] = step.acknowledged_role;
        evidence["at"] = iso_time(*step.acknowledged_at);
        json["acknowledged"] = std::move(evidence);
    }
    return json;
}

} // namespace

sop::Actor actor_of(const auth::Officer& officer)
{
    return {officer.id, officer.roles};
}

ApplicationService::ApplicationService(boost::asio::io_context& io, const sop::Engine& engine,
                                       reg::Register& register_, EventSink& events,
                                       const sop::Clock& clock)
    : io_(io), engine_(engine), register_(register_), events_(events), clock_(clock)
{
}

void ApplicationService::restore()
{
    std::size_t open = 0;
    for (const auto& application : register_.open_applications()) {
        ++open;
        const auto step = register_.open_step_of(application.id);
        if (step && !step->overrun)
            arm_overrun(*step);
        if (step)
            withdraw_wiped_samples(application.id, step->step_id);
    }
    if (open)
        log_sop().notice("register: " + std::to_string(open) +
                         " application(s) still open from before the restart");
}

void ApplicationService::withdraw_wiped_samples(const std::string& application_id,
                                                const std::string& step_id)
{
    // Held samples live in memory only: after a restart the step in
    // progress no longer has what its capture facts rest on, so they stop
    // counting and the step asks for the captures again.
    std::set<std::string> sources;
    for (const auto& fact : register_.facts_of(application_id))
        if (fact.live() && fact.step_id == step_id && fact.source.rfind("cap-", 0) == 0)
            sources.insert(fact.source);
    for (const auto& source : sources)
        register_.withdraw_facts(application_id, source, now(), "held sample wiped by a restart");
    if (!sources.empty())
        log_sop().notice("application " + application_id + ": " + std::to_string(sources.size()) +
                         " capture(s) of step " + step_id +
                         " no longer count: their samples did not survive the restart");
}

reg::ApplicationRecord ApplicationService::load(const std::string& application_id) const
{
    auto application = register_.application(application_id);
    if (!application)
        throw DomainError(Fault::not_found, "no application \"" + application_id + "\"",
                          {{"application", application_id}});
    return *application;
}

nlohmann::json ApplicationService::commit(const sop::Transition& transition)
{
    // The receipt is drawn and archived before the commit: the register
    // calls a service complete only together with its receipt.
    std::optional<reg::ReceiptRecord> receipt;
    if (transition.application.state == reg::ApplicationState::completed && receipts_)
        receipt = receipts_(transition);
    // Durable first: a reply or event must never announce what a crash
    // could take back.
    const auto ids = register_.commit_transition(transition.application, transition.steps, receipt,
                                                 transition.facts);
    for (std::size_t i = 0; i < transition.steps.size(); ++i) {
        auto step = transition.steps[i];
        step.id = ids[i];
        if (step.ended_at)
            overrun_timers_.erase(step.id);
        else
            arm_overrun(step);
    }
    for (const auto& event : transition.events)
        events_.publish(event.topic, event.data);
    if (transition.application.state != reg::ApplicationState::open && on_closed_)
        on_closed_(transition.application.id);
    return describe(transition.application);
}

void ApplicationService::arm_overrun(const reg::StepRecord& step)
{
    const sop::Step* sop_step = engine_.sop().find_step(step.step_id);
    if (!sop_step)
        return;
    const auto due =
        std::chrono::system_clock::time_point{std::chrono::milliseconds{step.started_at}} +
        engine_.scaled_standard_time(*sop_step);
    const auto wait = std::max(due - clock_.now(), std::chrono::system_clock::duration::zero());
    auto timer = std::make_unique<boost::asio::steady_timer>(io_, wait);
    timer->async_wait([this, id = step.id,
                       application = step.application_id](const boost::system::error_code& error) {
        if (!error)
            on_overrun(id, application);
    });
    overrun_timers_[step.id] = std::move(timer);
}

void ApplicationService::on_overrun(std::int64_t step_row_id, const std::string& application_id)
{
    overrun_timers_.erase(step_row_id);
    const auto step = register_.open_step_of(application_id);
    if (!step || step->id != step_row_id)
        return; // finished meanwhile
    const auto now =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now().time_since_epoch())
            .count();
    register_.mark_overrun(step_row_id, now);
    const sop::Step* sop_step = engine_.sop().find_step(step->step_id);
    events_.publish(
        "sop.overrun",
        {{"application", application_id},
         {"step", step->step_id},
         {"number", step->step_number},
         {"officer", step->officer},
         {"standard_ms", step->standard_ms},
         {"scaled_standard_ms", sop_step ? engine_.scaled_standard_time(*sop_step).count() : 0},
         {"elapsed_ms", now - step->started_at}});
    log_sop().info("application " + application_id + ": step " + step->step_id +
                   " is over its standard time");
}

nlohmann::json ApplicationService::open(const sop::OpenRequest& request, const sop::Actor& actor)
{
    auto application = register_.open_application(engine_.open(request, actor));
    for (const auto& event : engine_.opened_events(application))
        events_.publish(event.topic, event.data);
    log_sop().info("application " + application.id + " opened by " + actor.officer_id +
                   " for NIK " + sop::mask_nik(application.nik));
    return describe(application);
}

nlohmann::json ApplicationService::start_step(const std::string& application_id,
                                              const std::string& step_id, const sop::Actor& actor)
{
    const auto application = load(application_id);
    return commit(
        engine_.start_step(application, register_.open_step_of(application_id), step_id, actor));
}

void ApplicationService::refuse_while_operations(const std::string& application_id,
                                                 const std::string& what) const
{
    const auto running = in_flight_.of(application_id);
    if (running.empty())
        return;
    // One rule for every device operation: the step (or the application)
    // ends only after its operations have, so a late result can never be
    // registered under another step or a closed application. The client
    // cancels them (op.cancel) or waits for them.
    nlohmann::json operations = nlohmann::json::array();
    std::string names;
    for (const auto& operation : running) {
        operations.push_back(to_json(operation));
        names +=
            (names.empty() ? "" : ", ") + operation.operation + " (" + operation.request_id + ")";
    }
    throw DomainError(
        Fault::sop_order,
        what + " must wait: application " + application_id + " has a device operation in flight: " +
            names + "; cancel it with op.cancel or wait for its reply",
        {{"application", application_id}, {"awaiting", "operations"}, {"operations", operations}});
}

nlohmann::json ApplicationService::complete_step(
    const std::string& application_id, const std::string& step_id, const sop::Actor& actor,
    const std::optional<std::string>& outcome, const std::string& notes, const std::string& reason,
    const sop::Declarations& declared)
{
    const auto application = load(application_id);
    refuse_while_operations(application_id, "completing step " + step_id);
    return commit(engine_.complete_step(application, register_.open_step_of(application_id),
                                        step_id, actor, outcome, notes, reason,
                                        {register_.facts_of(application_id), declared}));
}

nlohmann::json
ApplicationService::acknowledge_step(const std::string& application_id, const std::string& step_id,
                                     const sop::Actor& actor,
                                     const std::optional<sop::SignatureEvidence>& signature)
{
    const auto application = load(application_id);
    return commit(engine_.acknowledge_step(application, register_.open_step_of(application_id),
                                           step_id, actor, signature));
}

nlohmann::json ApplicationService::skip_step(const std::string& application_id,
                                             const std::string& step_id, const sop::Actor& actor,
                                             const std::string& reason)
{
    auto transition = engine_.skip_step(load(application_id), step_id, actor, reason);
    refuse_while_operations(application_id, "skipping step " + step_id);
    return commit(transition);
}

nlohmann::json ApplicationService::cancel(const std::string& application_id,
                                          const sop::Actor& actor, const std::string& reason)
{
    const auto application = load(application_id);
    auto transition =
        engine_.cancel(application, register_.open_step_of(application_id), actor, reason);
    refuse_while_operations(application_id, "cancelling the application");
    return commit(transition);
}

void ApplicationService::authorize_operation(const std::string& application_id,
                                             const std::string& operation,
                                             const sop::Actor& actor) const
{
    engine_.authorize_operation(load(application_id), register_.open_step_of(application_id),
                                operation, actor);
}

bool ApplicationService::step_in_progress(const std::string& application_id,
                                          const std::string& step) const
{
    const auto application = register_.application(application_id);
    return application && application->state == reg::ApplicationState::open &&
           application->current_step == step && application->current_step_started;
}

void ApplicationService::record_captures(const std::vector<reg::CaptureRecord>& rows,
                                         const std::optional<reg::StepFact>& fact)
{
    auto stamped = rows;
    const auto at = now();
    for (auto& row : stamped)
        row.captured_at = at;
    std::optional<reg::StepFact> stamped_fact = fact;
    if (stamped_fact)
        stamped_fact->recorded_at = at;
    register_.record_captures(stamped, stamped_fact);
}

void ApplicationService::withdraw_facts(const std::string& application_id,
                                        const std::string& source, const std::string& reason)
{
    register_.withdraw_facts(application_id, source, now(), reason);
}

bool ApplicationService::recording_skipped(const std::string& application_id) const
{
    for (const auto& row : register_.steps_of(application_id)) {
        const sop::Step* step = engine_.sop().find_step(row.step_id);
        if (row.outcome != "skipped" || !step)
            continue;
        for (const auto& requirement : step->evidence)
            if (requirement.kind == "fingerprints")
                return true;
    }
    return false;
}

std::string ApplicationService::current_step_of(const std::string& application_id) const
{
    return load(application_id).current_step;
}

void ApplicationService::record_card_attempt(const reg::CardAttemptRecord& attempt,
                                             const std::optional<reg::StepFact>& fact)
{
    register_.record_card_attempt(attempt, fact);
}

namespace {

// The application's delivered cards that are not voided.
std::vector<reg::CardAttemptRecord> live_cards(const std::vector<reg::CardAttemptRecord>& attempts)
{
    std::vector<reg::CardAttemptRecord> live;
    for (const auto& attempt : attempts) {
        if (attempt.error_code.empty() && attempt.card_fate == "delivered" && !attempt.voided_at)
            live.push_back(attempt);
    }
    return live;
}

} // namespace

std::string ApplicationService::delivered_card_of(const std::string& application_id) const
{
    const auto live = live_cards(register_.card_attempts_of(application_id));
    if (live.empty())
        throw DomainError(Fault::sop_order,
                          "application " + application_id + " has no delivered card to activate",
                          {{"application", application_id}, {"reason", "no_card"}});
    return live.back().chip_uid;
}

void ApplicationService::require_no_delivered_card(const std::string& application_id) const
{
    const auto live = live_cards(register_.card_attempts_of(application_id));
    if (live.empty())
        return;
    const auto* supervisor = engine_.sop().supervisor_role();
    throw DomainError(Fault::sop_order,
                      "application " + application_id + " already has a delivered KTP-el (chip " +
                          live.back().chip_uid + "); another is issued only after " +
                          (supervisor ? supervisor->id : std::string("the supervisor")) +
                          " voids it with a reason (card.void)",
                      {{"application", application_id},
                       {"reason", "card_already_issued"},
                       {"chip_uid", live.back().chip_uid}});
}

nlohmann::json ApplicationService::void_card(const std::string& application_id,
                                             const std::string& chip_uid, const sop::Actor& actor,
                                             const std::string& reason)
{
    const auto application = load(application_id);
    const auto* supervisor = engine_.sop().supervisor_role();
    if (!supervisor || !actor.roles.contains(supervisor->id))
        throw DomainError(Fault::forbidden,
                          "only the SOP's supervisor role may void a delivered card",
                          {{"officer", actor.officer_id},
                           {"required_roles", supervisor ? nlohmann::json::array({supervisor->id})
                                                         : nlohmann::json::array()}});
    // A card is voided to issue another: only while the step that issues
    // cards is in progress, so the replacement goes through that step.
    const sop::Step* step = engine_.sop().find_step(application.current_step);
    const bool issuing =
        application.state == reg::ApplicationState::open && application.current_step_started &&
        step &&
        std::find(step->permitted_operations.begin(), step->permitted_operations.end(),
                  "card.issue") != step->permitted_operations.end();
    if (!issuing)
        throw DomainError(
            Fault::sop_order,
            "a card is voided only while the step that issues cards is in "
            "progress; application " +
                application_id + " is at " +
                (application.current_step.empty() ? reg::to_string(application.state)
                                                  : application.current_step),
            {{"application", application_id}, {"current_step", application.current_step}});
    if (reason.empty())
        throw DomainError(Fault::invalid_input,
                          "a voided card needs its reason for the register (damaged, misprinted)",
                          {{"arg", "reason"}});
    const auto live = live_cards(register_.card_attempts_of(application_id));
    const auto card = std::find_if(live.begin(), live.end(), [&](const auto& attempt) {
        return attempt.chip_uid == chip_uid;
    });
    if (card == live.end())
        throw DomainError(Fault::not_found,
                          "application " + application_id + " has no delivered card with chip " +
                              chip_uid,
                          {{"application", application_id}, {"chip_uid", chip_uid}});
    // The card.issue that might replace it, or anything else running for
    // the application, ends first.
    refuse_while_operations(application_id, "voiding a card");
    register_.void_card(card->id, actor.officer_id, reason, now());
    events_.publish("sop.card.voided", {{"application", application_id},
                                        {"chip_uid", chip_uid},
                                        {"officer", actor.officer_id},
                                        {"reason", reason}});
    log_sop().notice("application " + application_id + ": card " + chip_uid + " voided by " +
                     actor.officer_id + ": " + reason);
    return describe(application_id);
}

reg::Millis ApplicationService::now() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now().time_since_epoch())
        .count();
}

nlohmann::json ApplicationService::describe(const std::string& application_id) const
{
    return describe(load(application_id));
}

nlohmann::json ApplicationService::describe(const std::string& application_id,
                                            const sop::Actor& viewer) const
{
    auto json = describe(load(application_id));
    const auto& roles = engine_.sop().roles;
    const bool serves = std::any_of(roles.begin(), roles.end(), [&](const sop::Role& role) {
        return viewer.roles.contains(role.id);
    });
    if (!serves) {
        // A technician fixes devices; the applicant's identity is none of
        // their business (docs/officers.md).
        json["nik_masked"] = sop::mask_nik(json.value("nik", std::string{}));
        json.erase("nik");
        json.erase("kk");
    }
    return json;
}

nlohmann::json ApplicationService::describe(const reg::ApplicationRecord& application) const
{
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& step : register_.steps_of(application.id))
        steps.push_back(step_json(step));
    nlohmann::json json = {{"id", application.id},
                           {"sop", application.sop_id},
                           {"nik", application.nik},
                           {"kk", application.kk_number},
                           {"opened_by", application.opened_by},
                           {"opened_at", iso_time(application.opened_at)},
                           {"state", reg::to_string(application.state)},
                           {"biometrics_recorded", application.biometrics_recorded},
                           {"steps", steps}};
    // What was captured for it: metadata and hashes only, never a sample.
    nlohmann::json captures = nlohmann::json::array();
    for (const auto& capture : register_.captures_of(application.id)) {
        captures.push_back(
            {{"step", capture.step_id},
             {"operation", capture.operation},
             {"device", capture.device_id},
             {"serial", capture.device_serial},
             {"sha256", capture.sample_sha256},
             {"metadata", nlohmann::json::parse(capture.metadata_json, nullptr, false)},
             {"captured_at", iso_time(capture.captured_at)}});
    }
    json["captures"] = std::move(captures);
    // Every card job for it, spoiled blanks included.
    nlohmann::json cards = nlohmann::json::array();
    for (const auto& attempt : register_.card_attempts_of(application.id)) {
        nlohmann::json card = {{"operation", attempt.operation},
                               {"officer", attempt.officer},
                               {"printer", attempt.printer_id},
                               {"printer_serial", attempt.printer_serial},
                               {"card", attempt.card_fate},
                               {"spoiled", attempt.spoiled()},
                               {"started_at", iso_time(attempt.started_at)},
                               {"ended_at", iso_time(attempt.ended_at)}};
        if (!attempt.error_code.empty())
            card["error"] = {{"code", attempt.error_code}, {"reason", attempt.reason}};
        if (!attempt.chip_uid.empty())
            card["chip_uid"] = attempt.chip_uid;
        if (!attempt.encoder_serial.empty())
            card["encoder_serial"] = attempt.encoder_serial;
        if (attempt.voided_at)
            card["voided"] = {{"at", iso_time(*attempt.voided_at)},
                              {"by", attempt.voided_by},
                              {"reason", attempt.void_reason}};
        cards.push_back(std::move(card));
    }
    json["card_attempts"] = std::move(cards);
    if (application.state == reg::ApplicationState::open) {
        const sop::Step* step = engine_.sop().find_step(application.current_step);
        json["current_step"] = {
            {"step", application.current_step},
            {"number", step ? step->number : 0},
            {"title_en", step ? step->title_en : ""},
            {"title_id", step ? step->title_id : ""},
            {"in_progress", application.current_step_started},
            {"roles", step ? engine_.performing_roles(*step) : std::set<std::string>{}},
            {"can_skip", step && step->skip.has_value()},
            {"outcomes", nlohmann::json::array()}};
        if (step && step->decision) {
            for (const auto& outcome : step->decision->outcomes)
                json["current_step"]["outcomes"].push_back(outcome.id);
        }
        // What the step's completion still lacks, for the officer's screen.
        if (step && !step->evidence.empty()) {
            nlohmann::json required = nlohmann::json::array();
            for (const auto& requirement : step->evidence)
                required.push_back(requirement.name());
            const auto finding = sop::check_evidence(*step, register_.facts_of(application.id), {});
            json["current_step"]["evidence"] = {
                {"required", required}, {"missing", finding.missing}, {"why", finding.why}};
            if (finding.excused_as)
                json["current_step"]["evidence"]["excused_as"] = *finding.excused_as;
        }
        // A hand-over: who must acknowledge it, how, and whether they have.
        if (step && step->acknowledged_by) {
            const auto open_step = register_.open_step_of(application.id);
            json["current_step"]["acknowledgement"] = {
                {"by", *step->acknowledged_by},
                {"kind", engine_.acknowledgement_kind(*step)},
                {"how", step->acknowledgement_en},
                {"given", open_step && open_step->acknowledged_at.has_value()}};
        }
    } else {
        json["end_state"] = application.end_state;
        json["end_reason"] = application.end_reason;
        if (application.closed_at)
            json["closed_at"] = iso_time(*application.closed_at);
        if (const auto receipt = register_.receipt_of(application.id))
            json["receipt"] = {{"file", receipt->file},
                               {"sha256", receipt->sha256},
                               {"bytes", receipt->bytes},
                               {"created_at", iso_time(receipt->created_at)}};
    }
    return json;
}

nlohmann::json ApplicationService::list(const reg::RegisterQuery& query) const
{
    nlohmann::json applications = nlohmann::json::array();
    for (const auto& application : register_.query(query)) {
        applications.push_back({{"id", application.id},
                                {"nik_masked", sop::mask_nik(application.nik)},
                                {"state", reg::to_string(application.state)},
                                {"current_step", application.current_step},
                                {"in_progress", application.current_step_started},
                                {"opened_at", iso_time(application.opened_at)},
                                {"end_state", application.end_state}});
    }
    return applications;
}

} // namespace ktpel::daemon
