// SPDX-License-Identifier: Apache-2.0
// The register rows of one card.issue attempt: the card attempt (the blank
// it fed, the chip UID, both devices' serials, where the card ended), and
// on success the supplied biometrics' hashes and the step's card_issued
// fact. Begun on the loop when the job starts, finished there when it ends.
#pragma once

#include <memory>
#include <string>

#include "../register/register_records.hpp"
#include "card_issue_job.hpp"
#include "card_issue_material.hpp"

namespace ktpel::daemon {

class ApplicationService;

// Who issues which application's card, on which devices.
struct CardIssueParties
{
    std::string application;
    std::string officer;
    std::string printer_id;
    std::string encoder_serial;
};

class CardIssueRecord
{
public:
    // Notes the start time and the step the card is issued under.
    CardIssueRecord(ApplicationService& applications, CardIssueParties parties,
                    std::shared_ptr<const IssueMaterial> material);

    // The card was delivered: the attempt with its card_issued fact, and
    // where its biometrics came from when they were supplied.
    void issued(const std::string& printer_serial, const IssueReport& report);
    // The attempt failed with the reply's error code and reason word.
    void failed(const std::string& printer_serial, const IssueReport& report,
                const std::string& error_code, const std::string& reason);

private:
    void finish(const std::string& printer_serial, const IssueReport& report);

    ApplicationService& applications_;
    std::shared_ptr<const IssueMaterial> material_;
    std::string step_;
    reg::CardAttemptRecord attempt_;
};

} // namespace ktpel::daemon
