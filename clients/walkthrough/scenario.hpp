// SPDX-License-Identifier: Apache-2.0
// The walk-through's script: one complete service with its guard rails
// and an overrun, a service returned at step 2, one whose biometric
// recording is skipped, and the day's report.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "applicant.hpp"
#include "narrator.hpp"
#include "overrun_watch.hpp"
#include "service_walk.hpp"
#include "sop_guide.hpp"
#include "staff.hpp"

namespace walkthrough {

// Where the first service's documents go; an empty path writes none.
struct ScenarioOutputs
{
    std::filesystem::path card_proof; // card.proof (PNG)
    std::filesystem::path receipt;    // receipt.get (PDF)
};

class Scenario
{
public:
    // `office_utc_offset`: the station's office clock (hello.time_zone),
    // for the dates printed on the applicants' cards.
    Scenario(const SopGuide& sop, Staff& staff, Narrator& narrator, OverrunWatch& overruns,
             ScenarioOutputs outputs, std::chrono::minutes office_utc_offset)
        : sop_(sop), staff_(staff), narrator_(narrator), overruns_(overruns),
          outputs_(std::move(outputs)), office_utc_offset_(office_utc_offset)
    {
    }

    // Throws WalkthroughFailure (or RequestFailed) at the first step that
    // does not go as the SOP says it should.
    void run();

    int services() const noexcept { return services_; }
    int guard_rails() const noexcept { return guard_rails_; }
    bool overrun_seen() const noexcept { return overrun_seen_; }

private:
    void complete_service();
    void returned_service();
    void skipped_biometrics_service();
    void day_report();

    // Keeps the step open past its scaled standard time until the daemon
    // announces the overrun.
    void hold_for_overrun(const ServiceWalk& walk, const std::string& step_id);
    // Returns the camera.capture reply: the face photo the card carries.
    ktpel::Reply record_biometrics(OfficerDesk& desk, const std::string& application);
    // Step 5's printer half: the proof, then the card printed and ejected.
    void print_proof(OfficerDesk& desk, const Applicant& applicant, const ktpel::Reply& photo);
    // card.issue; returns the chip UID.
    std::string issue_card(OfficerDesk& desk, const std::string& application,
                           const Applicant& applicant);
    void activate_card(OfficerDesk& desk, const std::string& application,
                       const std::string& chip_uid);
    // Steps 7 and 8 with their acknowledgements: the counter officer
    // confirms receiving the card, the applicant signs the receipt on the
    // pad. With guard rails, completing either before it is acknowledged
    // is shown refused.
    void hand_over(ServiceWalk& walk, bool with_guard_rails);
    // signature.capture on the pad; returns the capture id.
    std::string sign_receipt(OfficerDesk& desk, const std::string& application);
    // receipt.get: the completed service's PDF, written to outputs_.receipt.
    void fetch_receipt(OfficerDesk& desk, const std::string& application);
    // The simulation's side of the applicant (sim.inject, as the technician).
    void simulate(const std::string& device, const std::string& fault,
                  nlohmann::json args = nlohmann::json::object());
    void guard_rail(ServiceWalk& walk, const std::string& attempt, OfficerDesk& desk,
                    const std::string& op, nlohmann::json args, ktpel::ErrorCode expected);
    // Prints how the application ended and counts the service.
    void finish_service(const ServiceWalk& walk);

    const SopGuide& sop_;
    Staff& staff_;
    Narrator& narrator_;
    OverrunWatch& overruns_;
    ScenarioOutputs outputs_;
    std::chrono::minutes office_utc_offset_;
    int services_ = 0;
    int guard_rails_ = 0;
    bool overrun_seen_ = false;
};

} // namespace walkthrough
