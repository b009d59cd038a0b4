// SPDX-License-Identifier: Apache-2.0
#include "receipt_issuer.hpp"

#include <algorithm>

#include "../errors/domain_error.hpp"
#include "daemon/receipt/receipt_pdf.hpp"
#include "sop_log.hpp"

namespace ktpel::daemon {
namespace {

// The application's step rows as they will stand once `completing` is
// committed: the stored rows with the transition's rows laid over them.
std::vector<reg::StepRecord> steps_after(const reg::Register& register_,
                                         const sop::Transition& completing)
{
    auto steps = register_.steps_of(completing.application.id);
    for (const auto& row : completing.steps) {
        const auto stored = std::find_if(steps.begin(), steps.end(), [&](const auto& s) {
            return row.id != 0 && s.id == row.id;
        });
        if (stored != steps.end())
            *stored = row;
        else
            steps.push_back(row);
    }
    return steps;
}

nlohmann::json evidence_of(const reg::StepRecord& step)
{
    if (step.acknowledgement.empty())
        return nlohmann::json::object();
    return nlohmann::json::parse(step.acknowledgement, nullptr, false);
}

} // namespace

ReceiptIssuer::ReceiptIssuer(const sop::Sop& sop, const reg::Register& register_,
                             const reg::ReceiptArchive& archive, const CaptureStore& captures,
                             const std::vector<config::OfficerConfig>& officers,
                             std::string generated_by)
    : sop_(sop), register_(register_), archive_(archive), captures_(captures), officers_(officers),
      generated_by_(std::move(generated_by))
{
}

std::string ReceiptIssuer::officer_text(const std::string& officer_id,
                                        const std::string& role_id) const
{
    const auto officer = std::find_if(officers_.begin(), officers_.end(),
                                      [&](const auto& o) { return o.id == officer_id; });
    std::string text =
        officer != officers_.end() && !officer->name.empty() ? officer->name : officer_id;
    if (const auto* role = sop_.find_role(role_id))
        text += " (" + role->title_id + ")";
    return text;
}

std::string ReceiptIssuer::acknowledgement_text(const reg::StepRecord& step) const
{
    if (!step.acknowledged_at)
        return "";
    const auto evidence = evidence_of(step);
    const auto kind = evidence.is_object() ? evidence.value("kind", "") : "";
    const auto by = evidence.is_object() ? evidence.value("recorded_by", "") : "";
    if (kind == "officer")
        return "Diterima oleh " + officer_text(by, step.acknowledged_role);
    if (kind == "applicant_signature")
        return "Pemohon menandatangani bukti penerimaan pada alat tanda tangan";
    return "Pemohon menandatangani bukti penerimaan di atas kertas (dicatat oleh " +
           officer_text(by, "") + ")";
}

reg::ReceiptRecord ReceiptIssuer::issue(const sop::Transition& completing) const
{
    const auto& application = completing.application;
    receipt::ServiceReceipt content;
    content.issuer = sop_.header.issuer;
    content.service_name = sop_.header.name_id;
    content.sop_number = sop_.header.number;
    content.application_id = application.id;
    content.nik = application.nik;
    content.kk_number = application.kk_number;
    content.time_zone = register_.time_zone();
    content.opened_at = application.opened_at;
    content.completed_at = application.closed_at.value_or(application.opened_at);
    content.total_standard_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(sop_.total_standard_time()).count();
    content.signed_by = "Pemohon, NIK " + application.nik;
    content.generated_by = generated_by_;

    const auto steps = steps_after(register_, completing);
    for (const auto& row : steps) {
        const auto* step = sop_.find_step(row.step_id);
        receipt::ReceiptStep line;
        line.number = row.step_number;
        line.title_id = step ? step->title_id : row.step_id;
        line.officer = officer_text(row.officer, row.role);
        line.started_at = row.started_at;
        line.ended_at = row.ended_at;
        line.standard_ms = row.standard_ms;
        line.time_scale = row.time_scale;
        line.outcome = row.outcome;
        line.overrun = row.overrun;
        line.acknowledgement = acknowledgement_text(row);
        line.acknowledged_at = row.acknowledged_at;
        content.steps.push_back(std::move(line));
        content.time_scale = std::max(content.time_scale, row.time_scale);
        if (step && !step->output.empty())
            content.output = step->output;

        const auto evidence = evidence_of(row);
        if (evidence.is_object() && evidence.value("kind", "") == "applicant_signature") {
            const auto capture_id = evidence.value("capture", "");
            const auto* held = captures_.find(capture_id);
            const auto part =
                held ? std::find_if(held->parts.begin(), held->parts.end(),
                                    [](const HeldPart& p) { return p.name == "signature"; })
                     : std::vector<HeldPart>::const_iterator{};
            if (!held || part == held->parts.end())
                throw DomainError(Fault::not_found,
                                  "the applicant's signature (" + capture_id +
                                      ") is no longer held, so the receipt cannot show it "
                                      "(samples are wiped at a restart): capture the signature "
                                      "again and acknowledge step " +
                                      std::to_string(row.step_number) + " again",
                                  {{"capture", capture_id}, {"step", row.step_id}});
            content.signature_png = part->bytes;
            content.signed_at = row.acknowledged_at;
        }
    }
    if (content.output.empty())
        content.output = sop_.header.name_id;

    for (const auto& attempt : register_.card_attempts_of(application.id)) {
        if (attempt.operation == "card.issue" && attempt.error_code.empty() &&
            attempt.card_fate == "delivered" && !attempt.voided_at)
            content.card = receipt::ReceiptCard{attempt.chip_uid, attempt.printer_serial,
                                                attempt.encoder_serial, attempt.ended_at};
    }

    const auto pdf = receipt::render_receipt_pdf(content);
    auto record = archive_.store(application.id, pdf, content.completed_at);
    log_sop().info("application " + application.id + ": receipt " + record.file + " (" +
                   std::to_string(record.bytes) + " bytes)");
    return record;
}

std::vector<std::uint8_t> ReceiptIssuer::load(const reg::ReceiptRecord& record) const
{
    try {
        return archive_.load(record);
    } catch (const reg::RegisterError& error) {
        throw DomainError(Fault::internal, error.what(),
                          {{"application", record.application_id}, {"file", record.file}});
    }
}

} // namespace ktpel::daemon
