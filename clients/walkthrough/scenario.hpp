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

// An applicant's biometrics as SIAK's central record holds them: the face
// portrait, the two index templates and the signature, as card.issue takes
// them (args.supplied) for an applicant whose recording step was skipped.
struct CentralRecord
{
    nlohmann::json supplied; // {"portrait": {"frame": 1}, ...}
    std::vector<ktpel::Blob> blobs;
};

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
    // card.issue; returns the chip UID. With `record`, the chip's
    // biometrics come from the central record instead of step 4.
    std::string issue_card(OfficerDesk& desk, const std::string& application,
                           const Applicant& applicant, const CentralRecord* record = nullptr);
    // The central record of the synthetic person `person` (simulated: the
    // technician captures them at the station's devices, standing in for
    // what a client fetches from SIAK).
    CentralRecord central_record(int person);
    // card.activate with another person's finger first (refused), then
    // the applicant's own: `person` is who the simulated scanner shows as
    // the applicant (0: the scanner's default person).
    void activate_card(OfficerDesk& desk, const std::string& application,
                       const std::string& chip_uid, int person = 0);
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
    // Prints how the application ended and counts the service and its
    // cards.
    void finish_service(const ServiceWalk& walk);
    // The cards each service of the walk-through got, from the register.
    void cards_per_service();

    const SopGuide& sop_;
    Staff& staff_;
    Narrator& narrator_;
    OverrunWatch& overruns_;
    ScenarioOutputs outputs_;
    std::chrono::minutes office_utc_offset_;
    int services_ = 0;
    std::vector<std::string> applications_; // in the order served
    int guard_rails_ = 0;
    bool overrun_seen_ = false;
};

} // namespace walkthrough
