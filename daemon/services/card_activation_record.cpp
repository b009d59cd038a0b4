// SPDX-License-Identifier: Apache-2.0
#include "card_activation_record.hpp"

#include "application_service.hpp"

namespace ktpel::daemon {

void record_activation_attempt(ApplicationService& applications, const ActivationParties& parties,
                               const std::string& encoder_serial, const ActivationReport& report,
                               const nlohmann::json& result)
{
    auto metadata = result;
    metadata["scanner_serial"] = parties.scanner_serial;
    reg::CaptureRecord row;
    row.application_id = parties.application;
    row.step_id = applications.current_step_of(parties.application);
    row.operation = "card.activate";
    row.device_id = parties.encoder_id;
    row.device_serial = encoder_serial;
    row.sample_sha256 = report.live_template_sha256;
    row.metadata_json = metadata.dump();
    const auto activation = result.value("activation", nlohmann::json::object());
    std::optional<reg::StepFact> fact;
    if (result.value("matched", false))
        fact = reg::StepFact{.fact = "card_activated"};
    else if (activation.value("status", std::string{}) == "blocked" ||
             activation.value("attempts_left", 1) == 0)
        fact = reg::StepFact{.fact = "card_blocked"};
    if (fact) {
        fact->application_id = parties.application;
        fact->step_id = row.step_id;
        fact->subject = report.chip_uid;
        fact->source = "card.activate " + parties.request_id;
        fact->detail_json = activation.dump();
    }
    applications.record_captures({row}, fact);
}

} // namespace ktpel::daemon
