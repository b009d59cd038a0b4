// SPDX-License-Identifier: Apache-2.0
// card.activate (SOP step 6): the applicant proves the card is theirs.
// The encoder reads the card (through the SAM), the fingerprint scanner
// takes the applicant's index finger live, the matcher compares it with
// the template on the chip, and the chip records the outcome: activated,
// or one failed attempt more (the chip blocks itself at its limit).
#include <chrono>

#include "../api/arg_reader.hpp"
#include "../captures/finger_comparison.hpp"
#include "../captures/slap_analysis.hpp"
#include "../register/office_day.hpp"
#include "common/hex_bytes.hpp"
#include "device_operation.hpp"
#include "drivers/classes/card_encoder.hpp"
#include "drivers/classes/fingerprint_scanner.hpp"

namespace ktpel::daemon {
namespace {

using biometrics::fingerprint::FingerPosition;
using drivers::DeviceFailure;

constexpr std::chrono::seconds kCardArrival{30};
constexpr std::chrono::minutes kActivationDeadline{2};

// The activation date the chip records ("YYYYMMDD"): today on the office's
// clock, as on the applicant's receipt, whatever the host's TZ says.
std::string office_today_yyyymmdd(reg::OfficeTimeZone time_zone)
{
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    return reg::compact_date(reg::office_day_of(now.count(), time_zone).date);
}

[[noreturn]] void card_refused(const std::string& reason, const std::string& message)
{
    throw DeviceFailure(DeviceFailure::Kind::card, reason, message);
}

struct ActivationReport
{
    std::string chip_uid;
    std::string live_template_sha256;
};

nlohmann::json describe(const chip::ActivationRecord& record)
{
    nlohmann::json json = {{"status", chip::name_of(record.status)},
                           {"failed_attempts", record.failed_attempts},
                           {"attempt_limit", record.attempt_limit},
                           {"attempts_left", record.attempt_limit > record.failed_attempts
                                                 ? record.attempt_limit - record.failed_attempts
                                                 : 0u}};
    if (!record.date.empty())
        json["date"] = record.date;
    return json;
}

OperationOutcome activate(drivers::CardEncoder& encoder, drivers::FingerprintScanner& scanner,
                          const std::string& scanner_id, const std::string& nik,
                          const std::string& issued_uid, FingerPosition finger,
                          std::chrono::milliseconds capture_timeout, reg::OfficeTimeZone time_zone,
                          const drivers::OperationContext& context, ActivationReport& report)
{
    // The card: present, personalised, this applicant's, not yet activated.
    const auto info = encoder.wait_for_chip(context.within(kCardArrival));
    report.chip_uid = ktpel::to_hex(info.uid);
    // The card the register says this application has: not one voided
    // by the section head (nor any other card of the same applicant).
    if (report.chip_uid != issued_uid)
        card_refused("not_the_issued_card", "this card (chip " + report.chip_uid +
                                                ") is not the application's delivered card (chip " +
                                                issued_uid + ")");
    if (info.life_cycle != chip::LifeCycle::locked)
        card_refused("not_locked", "the card was never finished (its chip is " +
                                       std::string(chip::name_of(info.life_cycle)) + ")");
    const auto enrolled = encoder.read_enrolled(context);
    if (enrolled.nik != nik)
        card_refused("card_of_another_applicant",
                     "this card belongs to another applicant (its NIK differs)");
    if (enrolled.activation.status == chip::ActivationRecord::Status::activated)
        card_refused("already_activated", "the card was activated on " + enrolled.activation.date);
    if (enrolled.activation.status == chip::ActivationRecord::Status::blocked)
        card_refused("activation_blocked", "the card's activation is blocked after " +
                                               std::to_string(enrolled.activation.failed_attempts) +
                                               " failed attempts");
    const auto& enrolled_template = finger == FingerPosition::left_index
                                        ? enrolled.left_index_template
                                        : enrolled.right_index_template;

    // The live finger. A scanner failure is the scanner's, and costs the
    // applicant no attempt.
    drivers::FingerprintCaptureRequest request;
    request.slot = drivers::SlapSlot::single;
    request.finger_code = static_cast<int>(finger);
    request.timeout = capture_timeout;
    drivers::FingerprintCapture capture;
    try {
        context.progress(drivers::ProgressStage::waiting_for_subject, {{"what", "finger"}});
        capture = scanner.capture(request, context);
    } catch (const DeviceFailure& failure) {
        throw CompanionFailure(scanner_id, failure);
    }
    context.progress(drivers::ProgressStage::processing, {{"what", "matching"}});
    const auto analysis = analyse_slap(capture.image, drivers::SlapSlot::single, {}, finger);
    if (analysis.fingers.empty() || analysis.fingers.front().iso_template.empty())
        throw CompanionFailure(scanner_id,
                               DeviceFailure(DeviceFailure::Kind::no_subject, "no_finger",
                                             "no finger was found on the scanner; try again"));
    const auto& live = analysis.fingers.front();
    report.live_template_sha256 = sha256_hex(live.iso_template);
    const double score = compare_finger_records(live.iso_template, enrolled_template);
    const bool matched = score >= kSameFingerPoint.threshold;

    const auto record = encoder.record_activation(
        matched ? std::optional(office_today_yyyymmdd(time_zone)) : std::nullopt, context);
    OperationOutcome outcome;
    outcome.result = {{"matched", matched},
                      {"score", score},
                      {"threshold", kSameFingerPoint.threshold},
                      {"target_fmr", kSameFingerPoint.target_fmr},
                      {"finger", biometrics::fingerprint::finger_position_name(finger)},
                      {"finger_quality", live.summary.value("quality", 0)},
                      {"chip_uid", report.chip_uid},
                      {"activation", describe(record)}};
    return outcome;
}

} // namespace

void register_card_activation(OperationTable& table, StationServices& services)
{
    table.add("card.activate", "card_encoder", Access::session(), [&services](const CallPtr& call) {
        ArgReader args(call->args(), {"application", "encoder", "scanner", "finger", "timeout_ms"});
        const auto application_arg = args.string("application", 32);
        if (!application_arg)
            throw ProtocolError(ErrorCode::invalid_args,
                                "card.activate serves an application: argument "
                                "\"application\"",
                                {{"arg", "application"}});
        const auto application =
            authorize_device_use(services, call, "card.activate", application_arg);
        const auto encoder = resolve_device(services, args.string("encoder", 64),
                                            drivers::DeviceClass::card_encoder);
        const auto scanner = resolve_device(services, args.string("scanner", 64),
                                            drivers::DeviceClass::fingerprint_scanner);
        const auto finger_name = args.string("finger", 16).value_or("right_index");
        if (finger_name != "right_index" && finger_name != "left_index")
            throw ProtocolError(ErrorCode::invalid_args,
                                "finger must be right_index or left_index (the chip holds "
                                "those two)",
                                {{"arg", "finger"}});
        const auto finger =
            finger_name == "left_index" ? FingerPosition::left_index : FingerPosition::right_index;
        const auto timeout =
            std::chrono::milliseconds(args.integer("timeout_ms", 1000, 60000).value_or(10000));
        const auto nik = services.applications->describe(application).value("nik", std::string{});
        const auto issued_uid = services.applications->delivered_card_of(application);
        auto report = std::make_shared<ActivationReport>();
        const auto time_zone = services.config.office.time_zone;
        const auto scanner_serial =
            services.devices.describe(scanner)["identity"].value("serial", "");
        start_job_across_devices(
            services, call, application, encoder, {scanner}, kActivationDeadline,
            [scanner, nik, issued_uid, finger, timeout, time_zone,
             report](drivers::Device& target, const CompanionDevices& companions,
                     const drivers::OperationContext& context) {
                return activate(dynamic_cast<drivers::CardEncoder&>(target),
                                dynamic_cast<drivers::FingerprintScanner&>(*companions.at(scanner)),
                                scanner, nik, issued_uid, finger, timeout, time_zone, context,
                                *report);
            },
            // Every attempt is a register fact (never the finger itself):
            // the section head sees who tried, when, and how it went.
            // The step's evidence rests on the outcome: the card activated,
            // or its chip blocked after the last failed attempt.
            [&services, application, encoder, report, scanner_serial,
             request_id = call->request().id](OperationOutcome& outcome,
                                              const std::string& encoder_serial) {
                auto metadata = outcome.result;
                metadata["scanner_serial"] = scanner_serial;
                reg::CaptureRecord row;
                row.application_id = application;
                row.step_id = services.applications->current_step_of(application);
                row.operation = "card.activate";
                row.device_id = encoder;
                row.device_serial = encoder_serial;
                row.sample_sha256 = report->live_template_sha256;
                row.metadata_json = metadata.dump();
                const auto activation =
                    outcome.result.value("activation", nlohmann::json::object());
                std::optional<reg::StepFact> fact;
                if (outcome.result.value("matched", false))
                    fact = reg::StepFact{.fact = "card_activated"};
                else if (activation.value("status", std::string{}) == "blocked" ||
                         activation.value("attempts_left", 1) == 0)
                    fact = reg::StepFact{.fact = "card_blocked"};
                if (fact) {
                    fact->application_id = application;
                    fact->step_id = row.step_id;
                    fact->subject = report->chip_uid;
                    fact->source = "card.activate " + request_id;
                    fact->detail_json = activation.dump();
                }
                services.applications->record_captures({row}, fact);
            },
            [report](Error& error, const std::string&) {
                if (!report->chip_uid.empty())
                    error.details["chip_uid"] = report->chip_uid;
            });
    });
}

} // namespace ktpel::daemon
