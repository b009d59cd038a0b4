// SPDX-License-Identifier: Apache-2.0
#include "card_issue_record.hpp"

#include "application_service.hpp"

namespace ktpel::daemon {

CardIssueRecord::CardIssueRecord(ApplicationService& applications, CardIssueParties parties,
                                 std::shared_ptr<const IssueMaterial> material)
    : applications_(applications), material_(std::move(material))
{
    attempt_.application_id = parties.application;
    attempt_.operation = "card.issue";
    attempt_.officer = std::move(parties.officer);
    attempt_.printer_id = std::move(parties.printer_id);
    attempt_.encoder_serial = std::move(parties.encoder_serial);
    attempt_.started_at = applications_.now();
    step_ = applications_.current_step_of(parties.application);
}

void CardIssueRecord::finish(const std::string& printer_serial, const IssueReport& report)
{
    attempt_.printer_serial = printer_serial;
    attempt_.chip_uid = report.chip_uid;
    attempt_.card_fate = drivers::to_string(report.print.fate);
    attempt_.bytes_sent = static_cast<std::int64_t>(report.print.bytes_sent);
    attempt_.ended_at = applications_.now();
}

void CardIssueRecord::failed(const std::string& printer_serial, const IssueReport& report,
                             const std::string& error_code, const std::string& reason)
{
    finish(printer_serial, report);
    attempt_.error_code = error_code;
    attempt_.reason = reason;
    applications_.record_card_attempt(attempt_);
}

void CardIssueRecord::issued(const std::string& printer_serial, const IssueReport& report)
{
    finish(printer_serial, report);
    const auto& application = *attempt_.application_id;
    // What the card carries from the central record, by hash: the register
    // shows where its biometrics came from, never the samples.
    if (!material_->supplied_hashes.empty()) {
        std::vector<reg::CaptureRecord> rows;
        for (const auto& [part, sha256] : material_->supplied_hashes) {
            reg::CaptureRecord row;
            row.application_id = application;
            row.step_id = step_;
            row.operation = "card.issue";
            row.device_id = "central_record";
            row.sample_sha256 = sha256;
            row.metadata_json = nlohmann::json{
                {"part", part},
                {"source", "supplied"},
                {"chip_uid",
                 report.chip_uid}}.dump();
            rows.push_back(std::move(row));
        }
        applications_.record_captures(rows, std::nullopt);
    }
    // The step's evidence: this application has a KTP-el, with the chip
    // UID the activation will look for.
    reg::StepFact issued;
    issued.application_id = application;
    issued.step_id = step_;
    issued.fact = "card_issued";
    issued.subject = report.chip_uid;
    issued.recorded_at = attempt_.ended_at;
    issued.detail_json = nlohmann::json{{"printer_serial", printer_serial},
                                        {"encoder_serial", attempt_.encoder_serial},
                                        {"chip", material_->sources},
                                        {"supplied", material_->supplied_hashes}}
                             .dump();
    applications_.record_card_attempt(attempt_, issued);
}

} // namespace ktpel::daemon
