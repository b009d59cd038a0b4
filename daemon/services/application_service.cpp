// SPDX-License-Identifier: Apache-2.0
#include "application_service.hpp"

#include <set>

#include "../auth/officer.hpp"
#include "../errors/domain_error.hpp"
#include "../sop/identity_numbers.hpp"
#include "sop_log.hpp"

namespace ktpel::daemon {
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

reg::ApplicationRecord ApplicationService::record_of(const std::string& application_id) const
{
    auto application = register_.application(application_id);
    if (!application)
        throw DomainError(Fault::not_found, "no application \"" + application_id + "\"",
                          {{"application", application_id}});
    return *application;
}

ApplicationView ApplicationService::commit(const sop::Transition& transition)
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

ApplicationView ApplicationService::open(const sop::OpenRequest& request, const sop::Actor& actor)
{
    auto application = register_.open_application(engine_.open(request, actor));
    for (const auto& event : engine_.opened_events(application))
        events_.publish(event.topic, event.data);
    log_sop().info("application " + application.id + " opened by " + actor.officer_id +
                   " for NIK " + sop::mask_nik(application.nik));
    return describe(application);
}

ApplicationView ApplicationService::start_step(const std::string& application_id,
                                               const std::string& step_id, const sop::Actor& actor)
{
    const auto application = record_of(application_id);
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

ApplicationView ApplicationService::complete_step(
    const std::string& application_id, const std::string& step_id, const sop::Actor& actor,
    const std::optional<std::string>& outcome, const std::string& notes, const std::string& reason,
    const sop::Declarations& declared)
{
    const auto application = record_of(application_id);
    refuse_while_operations(application_id, "completing step " + step_id);
    return commit(engine_.complete_step(application, register_.open_step_of(application_id),
                                        step_id, actor, outcome, notes, reason,
                                        {register_.facts_of(application_id), declared}));
}

ApplicationView
ApplicationService::acknowledge_step(const std::string& application_id, const std::string& step_id,
                                     const sop::Actor& actor,
                                     const std::optional<sop::SignatureEvidence>& signature)
{
    const auto application = record_of(application_id);
    return commit(engine_.acknowledge_step(application, register_.open_step_of(application_id),
                                           step_id, actor, signature));
}

ApplicationView ApplicationService::skip_step(const std::string& application_id,
                                              const std::string& step_id, const sop::Actor& actor,
                                              const std::string& reason)
{
    auto transition = engine_.skip_step(record_of(application_id), step_id, actor, reason);
    refuse_while_operations(application_id, "skipping step " + step_id);
    return commit(transition);
}

ApplicationView ApplicationService::cancel(const std::string& application_id,
                                           const sop::Actor& actor, const std::string& reason)
{
    const auto application = record_of(application_id);
    auto transition =
        engine_.cancel(application, register_.open_step_of(application_id), actor, reason);
    refuse_while_operations(application_id, "cancelling the application");
    return commit(transition);
}

void ApplicationService::authorize_operation(const std::string& application_id,
                                             const std::string& operation,
                                             const sop::Actor& actor) const
{
    engine_.authorize_operation(record_of(application_id), register_.open_step_of(application_id),
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
    return record_of(application_id).current_step;
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

ApplicationView ApplicationService::void_card(const std::string& application_id,
                                              const std::string& chip_uid, const sop::Actor& actor,
                                              const std::string& reason)
{
    const auto application = record_of(application_id);
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

ApplicationView ApplicationService::describe(const std::string& application_id) const
{
    return describe(record_of(application_id));
}

ApplicationView ApplicationService::describe(const std::string& application_id,
                                             const sop::Actor& viewer) const
{
    auto view = describe(record_of(application_id));
    const auto& roles = engine_.sop().roles;
    view.identity_visible = std::any_of(roles.begin(), roles.end(), [&](const sop::Role& role) {
        return viewer.roles.contains(role.id);
    });
    return view;
}

ApplicationView ApplicationService::describe(reg::ApplicationRecord application) const
{
    ApplicationView view;
    view.steps = register_.steps_of(application.id);
    view.captures = register_.captures_of(application.id);
    view.card_attempts = register_.card_attempts_of(application.id);
    if (application.state == reg::ApplicationState::open) {
        const sop::Step* step = engine_.sop().find_step(application.current_step);
        CurrentStepView current;
        current.step = application.current_step;
        current.in_progress = application.current_step_started;
        if (step) {
            current.number = step->number;
            current.title_en = step->title_en;
            current.title_id = step->title_id;
            current.roles = engine_.performing_roles(*step);
            current.can_skip = step->skip.has_value();
            if (step->decision)
                for (const auto& outcome : step->decision->outcomes)
                    current.outcomes.push_back(outcome.id);
            if (!step->evidence.empty()) {
                CurrentStepView::Evidence evidence;
                for (const auto& requirement : step->evidence)
                    evidence.required.push_back(requirement.name());
                evidence.finding =
                    sop::check_evidence(*step, register_.facts_of(application.id), {});
                current.evidence = std::move(evidence);
            }
            if (step->acknowledged_by) {
                const auto open_step = register_.open_step_of(application.id);
                current.acknowledgement = CurrentStepView::Acknowledgement{
                    *step->acknowledged_by, engine_.acknowledgement_kind(*step),
                    step->acknowledgement_en, open_step && open_step->acknowledged_at.has_value()};
            }
        }
        view.current_step = std::move(current);
    } else {
        view.receipt = register_.receipt_of(application.id);
    }
    view.application = std::move(application);
    return view;
}

std::vector<reg::ApplicationRecord> ApplicationService::list(const reg::RegisterQuery& query) const
{
    return register_.query(query);
}

} // namespace ktpel::daemon
