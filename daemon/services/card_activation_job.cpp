// SPDX-License-Identifier: Apache-2.0
#include "card_activation_job.hpp"

#include "../captures/finger_comparison.hpp"
#include "../captures/slap_analysis.hpp"
#include "../register/office_day.hpp"
#include "common/hex_bytes.hpp"
#include "common/sha256.hpp"

namespace ktpel::daemon {
namespace {

using biometrics::fingerprint::FingerPosition;
using drivers::DeviceFailure;

constexpr std::chrono::seconds kCardArrival{30};

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

// The card: present, personalised, this applicant's, not yet activated.
// Returns the template the chip holds for the subject's finger.
std::vector<std::uint8_t> check_card(drivers::CardEncoder& encoder,
                                     const ActivationSubject& subject,
                                     const drivers::OperationContext& context,
                                     ActivationReport& report)
{
    const auto info = encoder.wait_for_chip(context.within(kCardArrival));
    report.chip_uid = ktpel::to_hex(info.uid);
    // The card the register says this application has: not one voided
    // by the section head (nor any other card of the same applicant).
    if (report.chip_uid != subject.issued_uid)
        card_refused("not_the_issued_card", "this card (chip " + report.chip_uid +
                                                ") is not the application's delivered card (chip " +
                                                subject.issued_uid + ")");
    if (info.life_cycle != chip::LifeCycle::locked)
        card_refused("not_locked", "the card was never finished (its chip is " +
                                       std::string(chip::name_of(info.life_cycle)) + ")");
    auto enrolled = encoder.read_enrolled(context);
    if (enrolled.nik != subject.nik)
        card_refused("card_of_another_applicant",
                     "this card belongs to another applicant (its NIK differs)");
    if (enrolled.activation.status == chip::ActivationRecord::Status::activated)
        card_refused("already_activated", "the card was activated on " + enrolled.activation.date);
    if (enrolled.activation.status == chip::ActivationRecord::Status::blocked)
        card_refused("activation_blocked", "the card's activation is blocked after " +
                                               std::to_string(enrolled.activation.failed_attempts) +
                                               " failed attempts");
    return subject.finger == FingerPosition::left_index ? std::move(enrolled.left_index_template)
                                                        : std::move(enrolled.right_index_template);
}

} // namespace

OperationOutcome activate_card(drivers::CardEncoder& encoder, drivers::FingerprintScanner& scanner,
                               const std::string& scanner_id, const ActivationSubject& subject,
                               std::chrono::milliseconds capture_timeout,
                               reg::OfficeTimeZone time_zone,
                               const drivers::OperationContext& context, ActivationReport& report)
{
    const auto enrolled_template = check_card(encoder, subject, context, report);

    // The live finger. A scanner failure is the scanner's, and costs the
    // applicant no attempt.
    drivers::FingerprintCaptureRequest request;
    request.slot = drivers::SlapSlot::single;
    request.finger_code = static_cast<int>(subject.finger);
    request.timeout = capture_timeout;
    drivers::FingerprintCapture capture;
    try {
        context.progress(drivers::ProgressStage::waiting_for_subject, {{"what", "finger"}});
        capture = scanner.capture(request, context);
    } catch (const DeviceFailure& failure) {
        throw CompanionFailure(scanner_id, failure);
    }
    context.progress(drivers::ProgressStage::processing, {{"what", "matching"}});
    const auto analysis =
        analyse_slap(capture.image, drivers::SlapSlot::single, {}, subject.finger);
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
                      {"finger", biometrics::fingerprint::finger_position_name(subject.finger)},
                      {"finger_quality", live.summary.value("quality", 0)},
                      {"chip_uid", report.chip_uid},
                      {"activation", describe(record)}};
    return outcome;
}

} // namespace ktpel::daemon
