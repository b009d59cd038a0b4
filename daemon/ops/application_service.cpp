// SPDX-License-Identifier: Apache-2.0
#include "application_service.hpp"

#include <ktpel/error.hpp>

#include "../auth/officer.hpp"
#include "../log/log.hpp"
#include "../sop/identity_numbers.hpp"

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
        if (const auto step = register_.open_step_of(application.id); step && !step->overrun)
            arm_overrun(*step);
    }
    if (open)
        log::notice("register: " + std::to_string(open) +
                    " application(s) still open from before the restart");
}

reg::ApplicationRecord ApplicationService::load(const std::string& application_id) const
{
    auto application = register_.application(application_id);
    if (!application)
        throw ProtocolError(ErrorCode::not_found, "no application \"" + application_id + "\"",
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
    const auto ids = register_.commit_transition(transition.application, transition.steps, receipt);
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
    log::info("application " + application_id + ": step " + step->step_id +
              " is over its standard time");
}

nlohmann::json ApplicationService::open(const sop::OpenRequest& request, const sop::Actor& actor)
{
    auto application = register_.open_application(engine_.open(request, actor));
    for (const auto& event : engine_.opened_events(application))
        events_.publish(event.topic, event.data);
    log::info("application " + application.id + " opened by " + actor.officer_id + " for NIK " +
              sop::mask_nik(application.nik));
    return describe(application);
}

nlohmann::json ApplicationService::start_step(const std::string& application_id,
                                              const std::string& step_id, const sop::Actor& actor)
{
    const auto application = load(application_id);
    return commit(
        engine_.start_step(application, register_.open_step_of(application_id), step_id, actor));
}

nlohmann::json ApplicationService::complete_step(
    const std::string& application_id, const std::string& step_id, const sop::Actor& actor,
    const std::optional<std::string>& outcome, const std::string& notes, const std::string& reason)
{
    const auto application = load(application_id);
    return commit(engine_.complete_step(application, register_.open_step_of(application_id),
                                        step_id, actor, outcome, notes, reason));
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
    return commit(engine_.skip_step(load(application_id), step_id, actor, reason));
}

nlohmann::json ApplicationService::cancel(const std::string& application_id,
                                          const sop::Actor& actor, const std::string& reason)
{
    const auto application = load(application_id);
    return commit(
        engine_.cancel(application, register_.open_step_of(application_id), actor, reason));
}

void ApplicationService::authorize_operation(const std::string& application_id,
                                             const std::string& operation,
                                             const sop::Actor& actor) const
{
    engine_.authorize_operation(load(application_id), register_.open_step_of(application_id),
                                operation, actor);
}

void ApplicationService::record_capture(const std::string& application_id,
                                        const std::string& operation, const std::string& device_id,
                                        const std::string& device_serial, const std::string& sha256,
                                        const nlohmann::json& metadata)
{
    reg::CaptureRecord capture;
    capture.application_id = application_id;
    capture.step_id = load(application_id).current_step;
    capture.operation = operation;
    capture.device_id = device_id;
    capture.device_serial = device_serial;
    capture.sample_sha256 = sha256;
    capture.metadata_json = metadata.dump();
    capture.captured_at =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now().time_since_epoch())
            .count();
    register_.record_capture(capture);
}

std::string ApplicationService::current_step_of(const std::string& application_id) const
{
    return load(application_id).current_step;
}

void ApplicationService::record_card_attempt(const reg::CardAttemptRecord& attempt)
{
    register_.record_card_attempt(attempt);
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
