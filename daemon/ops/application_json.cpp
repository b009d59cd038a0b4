// SPDX-License-Identifier: Apache-2.0
#include "application_json.hpp"

#include <chrono>
#include <cstdio>

#include "../sop/identity_numbers.hpp"

namespace ktpel::daemon {
namespace {

// The protocol's timestamps: UTC, to the second ("2026-11-24T01:02:03Z").
std::string iso_time(reg::Millis ms)
{
    const auto seconds = std::chrono::sys_seconds{std::chrono::seconds{ms / 1000}};
    const auto day = std::chrono::floor<std::chrono::days>(seconds);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss time{seconds - day};
    char text[64];
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

// What was captured: metadata and hashes only, never a sample.
nlohmann::json capture_json(const reg::CaptureRecord& capture)
{
    return {{"step", capture.step_id},
            {"operation", capture.operation},
            {"device", capture.device_id},
            {"serial", capture.device_serial},
            {"sha256", capture.sample_sha256},
            {"metadata", nlohmann::json::parse(capture.metadata_json, nullptr, false)},
            {"captured_at", iso_time(capture.captured_at)}};
}

// A card job, spoiled blanks included.
nlohmann::json card_attempt_json(const reg::CardAttemptRecord& attempt)
{
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
    return card;
}

nlohmann::json current_step_json(const CurrentStepView& current)
{
    nlohmann::json json = {{"step", current.step},
                           {"number", current.number},
                           {"title_en", current.title_en},
                           {"title_id", current.title_id},
                           {"in_progress", current.in_progress},
                           {"roles", current.roles},
                           {"can_skip", current.can_skip},
                           {"outcomes", current.outcomes}};
    // What the step's completion still lacks, for the officer's screen.
    if (current.evidence) {
        const auto& finding = current.evidence->finding;
        json["evidence"] = {{"required", current.evidence->required},
                            {"missing", finding.missing},
                            {"why", finding.why}};
        if (finding.excused_as)
            json["evidence"]["excused_as"] = *finding.excused_as;
    }
    if (current.acknowledgement)
        json["acknowledgement"] = {{"by", current.acknowledgement->by},
                                   {"kind", current.acknowledgement->kind},
                                   {"how", current.acknowledgement->how},
                                   {"given", current.acknowledgement->given}};
    return json;
}

} // namespace

nlohmann::json application_json(const ApplicationView& view)
{
    const auto& application = view.application;
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& step : view.steps)
        steps.push_back(step_json(step));
    nlohmann::json json = {{"id", application.id},
                           {"sop", application.sop_id},
                           {"opened_by", application.opened_by},
                           {"opened_at", iso_time(application.opened_at)},
                           {"state", reg::to_string(application.state)},
                           {"biometrics_recorded", application.biometrics_recorded},
                           {"steps", std::move(steps)}};
    if (view.identity_visible) {
        json["nik"] = application.nik;
        json["kk"] = application.kk_number;
    } else {
        json["nik_masked"] = sop::mask_nik(application.nik);
    }
    nlohmann::json captures = nlohmann::json::array();
    for (const auto& capture : view.captures)
        captures.push_back(capture_json(capture));
    json["captures"] = std::move(captures);
    nlohmann::json cards = nlohmann::json::array();
    for (const auto& attempt : view.card_attempts)
        cards.push_back(card_attempt_json(attempt));
    json["card_attempts"] = std::move(cards);
    if (view.current_step) {
        json["current_step"] = current_step_json(*view.current_step);
    } else {
        json["end_state"] = application.end_state;
        json["end_reason"] = application.end_reason;
        if (application.closed_at)
            json["closed_at"] = iso_time(*application.closed_at);
        if (view.receipt)
            json["receipt"] = {{"file", view.receipt->file},
                               {"sha256", view.receipt->sha256},
                               {"bytes", view.receipt->bytes},
                               {"created_at", iso_time(view.receipt->created_at)}};
    }
    return json;
}

nlohmann::json application_summary_json(const reg::ApplicationRecord& application)
{
    return {{"id", application.id},
            {"nik_masked", sop::mask_nik(application.nik)},
            {"state", reg::to_string(application.state)},
            {"current_step", application.current_step},
            {"in_progress", application.current_step_started},
            {"opened_at", iso_time(application.opened_at)},
            {"end_state", application.end_state}};
}

} // namespace ktpel::daemon
