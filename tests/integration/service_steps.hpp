// SPDX-License-Identifier: Apache-2.0
// The seed SOP's first steps, for tests that need an application further
// on: the demo officers open it and walk it to step 4 in progress.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wire_client.hpp"

namespace ktpel::test {

// sop.step.start then sop.step.complete of `step` by `who`; `extra` adds
// the outcome, reason... Records a test failure when either is refused.
void run_step(WireClient& who, const std::string& application, const std::string& step,
              nlohmann::json extra = nlohmann::json::object());

// Opens an application for the demo applicant (counter officer), runs steps
// 1-3 and starts step 4 (the operator). Returns its id, or "" after
// recording a test failure.
std::string open_at_step_four(WireClient& counter, WireClient& section_head,
                              WireClient& operator_siak);

// The demo applicant's card fields (the NIK open_at_step_four opens with).
nlohmann::json holder_card();

// Step 4's evidence, captured for `application` (in progress): the three
// slaps, both irises, the face and the signature. Returns the replies by
// operation and slot ("fingerprint.capture/left_four", "iris.capture",
// ...); records a test failure for any refused capture.
std::map<std::string, WireReply> record_biometrics(WireClient& operator_siak,
                                                   const std::string& application);

// card.issue for `application` (step 5 in progress): returns the chip UID,
// or "" after recording a test failure. `extra` adds arguments (supplied).
std::string issue_card(WireClient& operator_siak, const std::string& application,
                       nlohmann::json extra = nlohmann::json::object(),
                       std::vector<std::string> blobs = {});

// Step 6 for `application` (in progress): the card put on the encoder's
// reader (technician's sim.inject) and activated by the applicant's
// finger. Records a test failure unless it matched.
void activate_card(WireClient& operator_siak, WireClient& technician,
                   const std::string& application, const std::string& chip_uid);

// An applicant's biometrics as SIAK's central record would give them to a
// client: a portrait, the two index templates and a signature, captured
// here by the technician at the simulated station (diagnostics, no
// application) from the scanner's default person. `supplied` is
// card.issue's args.supplied, `blobs` the frames it names (1-based).
struct CentralRecord
{
    nlohmann::json supplied;
    std::vector<std::string> blobs;
};
CentralRecord central_record(WireClient& technician);

// Steps 5 and 6 done with a real card: issued (from `record` when step 4
// was skipped), activated. Returns the chip UID.
std::string issue_and_activate(WireClient& operator_siak, WireClient& technician,
                               const std::string& application,
                               const CentralRecord* record = nullptr);

// Opens an application whose biometrics were recorded before (the demo
// applicant), runs every step of the seed SOP with the right officer, its
// card issued from the central record and activated, the applicant's
// signature on the pad; returns the completed application's id.
std::string complete_a_service(WireClient& siti, WireClient& hendra, WireClient& budi,
                               WireClient& teknisi);

} // namespace ktpel::test
