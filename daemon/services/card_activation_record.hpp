// SPDX-License-Identifier: Apache-2.0
// The register rows of one card.activate attempt: a capture row with the
// live template's hash (never the finger itself) and the outcome, so the
// section head sees who tried, when, and how it went; and the step's fact
// the evidence rests on: the card activated, or its chip blocked after the
// last failed attempt. Written on the loop once the job succeeded.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "card_activation_job.hpp"

namespace ktpel::daemon {

class ApplicationService;

// Which application's card, on which devices, for which request.
struct ActivationParties
{
    std::string application;
    std::string encoder_id;
    std::string scanner_serial;
    std::string request_id;
};

void record_activation_attempt(ApplicationService& applications, const ActivationParties& parties,
                               const std::string& encoder_serial, const ActivationReport& report,
                               const nlohmann::json& result);

} // namespace ktpel::daemon
