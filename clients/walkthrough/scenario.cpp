// SPDX-License-Identifier: Apache-2.0
#include "scenario.hpp"

#include <fstream>
#include <iostream>
#include <thread>

#include "report_table.hpp"
#include "walkthrough_error.hpp"

namespace walkthrough {

using namespace std::chrono_literals;
using ktpel::ErrorCode;
using nlohmann::json;

namespace {

// Holding a step past its standard only makes sense on an accelerated
// station: at the real pace step 3 would keep the demo waiting 3 minutes.
constexpr std::chrono::milliseconds kLongestHold = 60s;
// The daemon's overrun timer fires at the scaled standard time; allow for
// scheduling and delivery on a loaded machine.
constexpr std::chrono::milliseconds kOverrunGrace = 5s;

// The blob an image reference (`{"frame": N, ...}`) points at.
std::size_t blob_size(const ktpel::Reply& reply, const json& image, const std::string& op)
{
    const auto frame = image.value("frame", std::size_t{0});
    if (frame < 1 || frame > reply.blobs.size())
        throw WalkthroughFailure(op + ": image.frame " + std::to_string(frame) +
                                 " but the reply has " + std::to_string(reply.blobs.size()) +
                                 " blob(s)");
    return reply.blobs[frame - 1].size();
}

} // namespace

void Scenario::run()
{
    complete_service();
    returned_service();
    skipped_biometrics_service();
    cards_per_service();
    day_report();
}

void Scenario::guard_rail(ServiceWalk& walk, const std::string& attempt, OfficerDesk& desk,
                          const std::string& op, json args, ErrorCode expected)
{
    walk.guard_rail(attempt, desk, op, std::move(args), expected);
    ++guard_rails_;
}

void Scenario::finish_service(const ServiceWalk& walk)
{
    const auto& application = walk.latest();
    std::string text =
        "application " + walk.application() + " is " + application.value("state", std::string{"?"});
    if (const auto end_state = application.value("end_state", std::string{}); !end_state.empty())
        text += " (end state " + end_state + ")";
    if (const auto reason = application.value("end_reason", std::string{}); !reason.empty())
        text += ": " + reason;
    narrator_.line("\n" + text);
    ++services_;
    applications_.push_back(walk.application());
}

void Scenario::cards_per_service()
{
    auto& head = staff_.holding("kasi_yanmum");
    narrator_.banner("Cards per service (application.get, as " + head.officer() + ")");
    std::cout << "  APPLICATION     STATE      DELIVERED  SPOILED  CHIP\n";
    for (const auto& id : applications_) {
        const auto application = head.call("application.get", {{"application", id}});
        int delivered = 0;
        int spoiled = 0;
        std::string chip = "-";
        for (const auto& card : application.value("card_attempts", json::array())) {
            if (card.value("spoiled", false))
                ++spoiled;
            else if (card.value("card", std::string{}) == "delivered" && !card.contains("error") &&
                     !card.contains("voided")) {
                ++delivered;
                chip = card.value("chip_uid", std::string{"?"});
            }
        }
        char line[160];
        std::snprintf(line, sizeof line, "  %-15s %-10s %9d  %7d  %s\n", id.c_str(),
                      application.value("state", std::string{"?"}).c_str(), delivered, spoiled,
                      chip.c_str());
        std::cout << line;
        // The register never shows a completed service without its card.
        if (application.value("state", std::string{}) == "completed" && delivered != 1)
            throw WalkthroughFailure("application " + id + " completed with " +
                                     std::to_string(delivered) + " delivered cards");
    }
    std::cout << std::flush;
}

void Scenario::complete_service()
{
    narrator_.banner("Service 1: one complete service, step by step, with the right officer");
    ServiceWalk walk(sop_, staff_, narrator_, Detail::full);
    const auto applicant = first_applicant(office_utc_offset_);
    walk.open(applicant);
    const auto& application = walk.application();
    auto& operator_siak = staff_.holding("operator_siak");
    auto& counter = staff_.holding("petugas_loket");

    walk.perform("submit_documents", {std::nullopt, "Fc. Kartu Keluarga received", ""});
    guard_rail(walk, "a fingerprint capture before step 4 (biometrics are recorded at step 4 only)",
               operator_siak, "fingerprint.capture",
               {{"application", application}, {"slot", "left_four"}}, ErrorCode::sop_order);

    walk.perform("check_completeness", {"complete", "requirements complete", ""});
    guard_rail(walk, "the counter officer starts step 3, the section head's validation", counter,
               "sop.step.start", {{"application", application}, {"step", "validate_file"}},
               ErrorCode::forbidden);

    walk.start("validate_file");
    hold_for_overrun(walk, "validate_file");
    walk.complete("validate_file", {"valid", "data match the KK and the birth certificate", ""});
    guard_rail(walk, "step 5 (encode and print) started before step 4 (biometrics)", operator_siak,
               "sop.step.start", {{"application", application}, {"step", "encode_and_print"}},
               ErrorCode::sop_order);

    auto& recorder = walk.start("record_biometrics");
    guard_rail(walk, "step 4 completed before anything is recorded (its evidence is missing)",
               recorder, "sop.step.complete",
               {{"application", application}, {"step", "record_biometrics"}}, ErrorCode::sop_order);
    const auto photo = record_biometrics(recorder, application);
    walk.complete("record_biometrics",
                  {std::nullopt, "ten fingers, both irises, face, signature", ""});

    auto& printer_desk = walk.start("encode_and_print");
    guard_rail(walk, "step 5 completed before a card is made (no card delivered)", printer_desk,
               "sop.step.complete", {{"application", application}, {"step", "encode_and_print"}},
               ErrorCode::sop_order);
    print_proof(printer_desk, applicant, photo);
    const auto chip_uid = issue_card(printer_desk, application, applicant);
    guard_rail(walk, "a second card for the same applicant (only after the section head voids it)",
               printer_desk, "card.issue", {{"application", application}, {"card", applicant.card}},
               ErrorCode::sop_order);
    walk.complete("encode_and_print",
                  {std::nullopt, "chip " + chip_uid + " encoded and locked, card printed", ""});

    auto& activation_desk = walk.start("activate_card");
    activate_card(activation_desk, application, chip_uid);
    walk.complete("activate_card",
                  {std::nullopt, "the applicant's right index finger matched the chip", ""});
    hand_over(walk, true);
    fetch_receipt(counter, application);
    finish_service(walk);
}

void Scenario::hand_over(ServiceWalk& walk, bool with_guard_rails)
{
    const auto& application = walk.application();
    auto& counter = staff_.holding("petugas_loket");
    auto& handing = walk.start("hand_to_counter");
    const json seven = {{"application", application}, {"step", "hand_to_counter"}};
    if (with_guard_rails) {
        guard_rail(walk, "step 7 completed before the counter officer confirms receiving the card",
                   handing, "sop.step.complete", seven, ErrorCode::sop_order);
        guard_rail(walk, "the operator acknowledges receiving his own hand-over", handing,
                   "sop.step.acknowledge", seven, ErrorCode::forbidden);
    }
    walk.acknowledge("hand_to_counter", counter);
    walk.complete("hand_to_counter",
                  {std::nullopt, "card received by the counter officer " + counter.officer(), ""});

    auto& receipt_desk = walk.start("hand_to_applicant");
    const json eight = {{"application", application}, {"step", "hand_to_applicant"}};
    if (with_guard_rails)
        guard_rail(walk, "step 8 completed before the applicant signs the proof of receipt",
                   receipt_desk, "sop.step.complete", eight, ErrorCode::sop_order);
    const auto signature = sign_receipt(receipt_desk, application);
    walk.acknowledge("hand_to_applicant", receipt_desk, signature);
    walk.complete("hand_to_applicant", {std::nullopt, "proof of receipt signed", ""});
    const auto& receipt = walk.latest().at("receipt");
    narrator_.note("receipt " + receipt.value("file", std::string{}) + ": " +
                   std::to_string(receipt.value("bytes", 0)) + " bytes, sha256 " +
                   receipt.value("sha256", std::string{}).substr(0, 16) + "...");
}

void Scenario::fetch_receipt(OfficerDesk& desk, const std::string& application)
{
    const auto receipt = desk.call_with_blobs("receipt.get", {{"application", application}});
    const auto& pdf = receipt.result.at("pdf");
    const auto size = blob_size(receipt, pdf, "receipt.get");
    if (outputs_.receipt.empty()) {
        narrator_.note("proof of receipt (receipt.get): " + std::to_string(size) + " bytes of PDF");
        return;
    }
    const auto bytes = receipt.blobs[pdf.value("frame", std::size_t{1}) - 1].bytes();
    std::ofstream out(outputs_.receipt, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(size));
    if (!out)
        throw WalkthroughFailure("cannot write the receipt to " + outputs_.receipt.string());
    narrator_.note("proof of receipt (receipt.get, " + std::to_string(size) +
                   " bytes): " + outputs_.receipt.string());
}

void Scenario::hold_for_overrun(const ServiceWalk& walk, const std::string& step_id)
{
    const auto& step = sop_.step(step_id);
    const auto allowed = sop_.scaled_standard(step);
    if (allowed > kLongestHold) {
        narrator_.note("not holding this step past its standard: at time scale 1/" +
                       std::to_string(sop_.time_scale()) + " that takes " +
                       minutes_seconds(allowed) +
                       " (run ktpeld with sop.time_scale: 60 to see sop.overrun)");
        return;
    }
    narrator_.note("the file waits on the section head's desk past the " +
                   allowed_time(step.standard, sop_.time_scale()) + "; waiting for sop.overrun");
    const auto event = overruns_.await(walk.application(), step_id, allowed + kOverrunGrace);
    if (!event)
        throw WalkthroughFailure("no sop.overrun event for step " + std::to_string(step.number) +
                                 " within " + minutes_seconds(allowed + kOverrunGrace));
    narrator_.event(*event);
    overrun_seen_ = true;
    // Completing the instant the event arrives would record a duration a
    // few milliseconds over the standard, which reads like a rounding
    // glitch; the section head takes a moment more to validate.
    narrator_.note("the section head is back and validates the file");
    std::this_thread::sleep_for(allowed / 10);
}

ktpel::Reply Scenario::record_biometrics(OfficerDesk& desk, const std::string& application)
{
    // The 4-4-2 sequence, each slap auto-captured to the daemon's default
    // quality, with the daemon's own judgement of it.
    for (const std::string slot : {"left_four", "right_four", "thumbs"}) {
        const auto reply = desk.call_with_blobs("fingerprint.capture",
                                                {{"application", application}, {"slot", slot}});
        const auto& image = reply.result.at("image");
        narrator_.image("fingerprint " + slot, image,
                        blob_size(reply, image, "fingerprint.capture"));
        const auto& capture = reply.result.at("auto_capture");
        narrator_.note(slot + ": " + std::to_string(reply.result.value("found", 0)) + " of " +
                       std::to_string(reply.result.value("expected", 0)) + " fingers, score " +
                       std::to_string(reply.result.value("score", 0)) + " (" +
                       capture.value("outcome", std::string{"?"}) + ", frame " +
                       std::to_string(capture.value("chosen_frame", 0)) + " of " +
                       std::to_string(capture.value("frames_seen", 0)) + "), prompt " +
                       reply.result.at("prompt").value("action", std::string{"?"}));
    }
    const auto iris = desk.call_with_blobs("iris.capture", {{"application", application}});
    for (const std::string eye : {"right", "left"}) {
        const auto& image = iris.result.at(eye);
        narrator_.image("iris " + eye, image, blob_size(iris, image, "iris.capture"));
        narrator_.note(eye + " eye quality " +
                       std::to_string(iris.result.at("eyes").at(eye).value("quality", 0)));
    }
    auto photo = desk.call_with_blobs("camera.capture", {{"application", application}});
    const auto& portrait = photo.result.at("portrait");
    narrator_.image("face portrait (3:4 JPEG)", portrait,
                    blob_size(photo, portrait, "camera.capture"));
    narrator_.note("photo checks: prompt " +
                   photo.result.at("prompt").value("action", std::string{"?"}));
    const auto signature =
        desk.call_with_blobs("signature.capture", {{"application", application}});
    const auto& drawn = signature.result.at("signature");
    narrator_.image("signature (PNG)", drawn, blob_size(signature, drawn, "signature.capture"));
    // Everything step 4 recorded, as it would go to the central system.
    const auto bundle = desk.call_with_blobs("biometrics.bundle", {{"application", application}});
    narrator_.note("biometrics.bundle: " + std::to_string(bundle.result.at("captures").size()) +
                   " captures, " + std::to_string(bundle.blobs.size()) + " blobs, " +
                   std::to_string(bundle.result.value("bytes", 0)) + " bytes");
    return photo;
}

void Scenario::print_proof(OfficerDesk& desk, const Applicant& applicant, const ktpel::Reply& photo)
{
    // The 3:4 portrait recorded at step 4, as card.issue will print it.
    const auto& image = photo.result.at("portrait");
    const auto frame = image.at("frame").get<std::size_t>();
    blob_size(photo, image, "camera.capture"); // checks the frame exists
    const json photo_ref = {{"frame", 1}, {"format", "image/jpeg"}};
    const std::vector<ktpel::Blob> blobs{photo.blobs[frame - 1]};

    if (!outputs_.card_proof.empty()) {
        const auto proof = desk.call_with_blobs(
            "card.proof", {{"card", applicant.card}, {"photo", photo_ref}}, blobs);
        const auto& png =
            proof.blobs.at(proof.result.at("proof").at("frame").get<std::size_t>() - 1);
        std::ofstream out(outputs_.card_proof, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(png.bytes().data()),
                  static_cast<std::streamsize>(png.size()));
        if (!out.flush())
            throw WalkthroughFailure("cannot write the card proof to " +
                                     outputs_.card_proof.string());
        narrator_.note("card proof (card.proof): " + outputs_.card_proof.string());
    }
}

std::string Scenario::issue_card(OfficerDesk& desk, const std::string& application,
                                 const Applicant& applicant, const CentralRecord* record)
{
    // One job: a blank to the contactless station, the chip written from
    // step 4's recording (or the central record) through the SAM, read
    // back and locked, the body printed on the same card, ejected.
    json args = {{"application", application}, {"card", applicant.card}};
    std::vector<ktpel::Blob> blobs;
    if (record) {
        args["supplied"] = record->supplied;
        blobs = record->blobs;
    }
    const auto issued = desk.call_with_blobs("card.issue", args, blobs).result;
    const auto chip = issued.value("chip", json::object());
    narrator_.note("card.issue: card " + issued.value("card", std::string{"?"}) + ", chip " +
                   issued.value("chip_uid", std::string{"?"}) + " " +
                   issued.value("life_cycle", std::string{"?"}) + " (face " +
                   std::to_string(chip.value("face_bytes", 0)) + " bytes, fingers " +
                   std::to_string(chip.value("right_finger", 0)) + " and " +
                   std::to_string(chip.value("left_finger", 0)) + "), encoded in " +
                   std::to_string(issued.value("encode_ms", 0)) + " ms, printed in " +
                   std::to_string(issued.value("print_ms", 0)) + " ms by " +
                   issued.value("device", std::string{"?"}) + " (" +
                   issued.value("serial", std::string{"?"}) + ")");
    return issued.value("chip_uid", std::string{});
}

void Scenario::simulate(const std::string& device, const std::string& fault, json args)
{
    args["device"] = device;
    args["fault"] = fault;
    staff_.holding("technician").call("sim.inject", std::move(args));
}

CentralRecord Scenario::central_record(int person)
{
    auto& technician = staff_.holding("technician");
    narrator_.note("SIAK's central record of this applicant (simulated: the technician captures "
                   "synthetic person " +
                   std::to_string(person) +
                   " at the station's devices, standing in for what the client fetches from SIAK)");
    simulate("fingerprint0", "person", {{"id", person}});
    CentralRecord record;
    const auto take = [&](const ktpel::Reply& reply, const json& reference,
                          const std::string& part) {
        const auto frame = reference.value("frame", std::size_t{0});
        if (frame < 1 || frame > reply.blobs.size())
            throw WalkthroughFailure("the central record's " + part + " has no blob");
        record.blobs.push_back(reply.blobs[frame - 1]);
        record.supplied[part] = {{"frame", record.blobs.size()}};
    };
    for (const auto& [slot, finger, part] :
         {std::tuple{"right_four", "right_index", "right_template"},
          std::tuple{"left_four", "left_index", "left_template"}}) {
        const auto slap = technician.call_with_blobs("fingerprint.capture", {{"slot", slot}});
        bool found = false;
        for (const auto& entry : slap.result.value("fingers", json::array())) {
            if (entry.value("position", std::string{}) == finger && entry.contains("template")) {
                take(slap, slap.result.at(entry.at("template").get<std::string>()), part);
                found = true;
            }
        }
        if (!found)
            throw WalkthroughFailure(std::string("the central record has no ") + finger);
    }
    const auto photo = technician.call_with_blobs("camera.capture", json::object());
    take(photo, photo.result.at("portrait"), "portrait");
    const auto signature = technician.call_with_blobs("signature.capture", json::object());
    take(signature, signature.result.at("signature"), "signature");
    narrator_.note("central record: portrait, right and left index templates, signature (" +
                   std::to_string(record.blobs.size()) + " blobs)");
    return record;
}

void Scenario::activate_card(OfficerDesk& desk, const std::string& application,
                             const std::string& chip_uid, int person)
{
    narrator_.note("the applicant holds the new card to the encoder's reader (simulated: "
                   "sim.inject card_inserted " +
                   chip_uid + ")");
    simulate("encoder0", "card_inserted", {{"uid", chip_uid}});
    // First somebody else's finger, which the card must refuse: one failed
    // attempt, counted on the chip.
    simulate("fingerprint0", "person", {{"id", 2}});
    const auto refused = desk.call("card.activate", {{"application", application}});
    narrator_.note("card.activate with another person's finger: matched " +
                   std::string(refused.value("matched", false) ? "yes" : "no") + ", score " +
                   std::to_string(refused.value("score", 0.0)) + " (threshold " +
                   std::to_string(refused.value("threshold", 0.0)) + "), attempts left " +
                   std::to_string(refused.at("activation").value("attempts_left", 0)));
    if (refused.value("matched", true))
        throw WalkthroughFailure("the card accepted another person's finger");
    simulate("fingerprint0", "clear");
    if (person != 0)
        simulate("fingerprint0", "person", {{"id", person}});
    const auto activated = desk.call("card.activate", {{"application", application}});
    narrator_.note("card.activate with the applicant's finger: matched " +
                   std::string(activated.value("matched", false) ? "yes" : "no") + ", score " +
                   std::to_string(activated.value("score", 0.0)) + ", card " +
                   activated.at("activation").value("status", std::string{"?"}) + " on " +
                   activated.at("activation").value("date", std::string{"?"}));
    if (!activated.value("matched", false))
        throw WalkthroughFailure("the applicant's own finger did not activate the card");
    simulate("encoder0", "card_removed");
    if (person != 0)
        simulate("fingerprint0", "clear");
}

std::string Scenario::sign_receipt(OfficerDesk& desk, const std::string& application)
{
    const auto signature =
        desk.call_with_blobs("signature.capture", {{"application", application}});
    const auto& drawn = signature.result.at("signature");
    narrator_.image("receipt signature (PNG)", drawn,
                    blob_size(signature, drawn, "signature.capture"));
    return signature.result.at("capture").get<std::string>();
}

void Scenario::returned_service()
{
    narrator_.banner("Service 2: returned at step 2, the file is incomplete");
    ServiceWalk walk(sop_, staff_, narrator_, Detail::brief);
    walk.open(second_applicant(office_utc_offset_));
    walk.perform("submit_documents");
    walk.perform("check_completeness",
                 {"incomplete", "", "no photocopy of the Family Card (Fc. KK)"});
    finish_service(walk);
}

void Scenario::skipped_biometrics_service()
{
    narrator_.banner("Service 3: biometrics already recorded, step 4 skipped");
    ServiceWalk walk(sop_, staff_, narrator_, Detail::brief);
    const auto applicant = third_applicant(office_utc_offset_);
    walk.open(applicant);
    walk.perform("submit_documents");
    walk.perform("check_completeness", {"complete", "", ""});
    walk.perform("validate_file", {"valid", "", ""});
    walk.skip("record_biometrics", "SIAK already holds her biometric record (2019)");
    const auto& application = walk.application();
    // Whose biometrics the central record holds: the simulated scanner
    // shows the same synthetic person at activation.
    constexpr int kThirdApplicantPerson = 3;
    const auto record = central_record(kThirdApplicantPerson);
    auto& printer_desk = walk.start("encode_and_print");
    guard_rail(walk, "card.issue without the central record (step 4 was skipped)", printer_desk,
               "card.issue", {{"application", application}, {"card", applicant.card}},
               ErrorCode::invalid_args);
    const auto chip_uid = issue_card(printer_desk, application, applicant, &record);
    walk.complete("encode_and_print",
                  {std::nullopt, "chip " + chip_uid + " written from the central record", ""});
    auto& activation_desk = walk.start("activate_card");
    activate_card(activation_desk, application, chip_uid, kThirdApplicantPerson);
    walk.complete("activate_card", {std::nullopt, "the applicant's finger matched the chip", ""});
    hand_over(walk, false);
    finish_service(walk);
}

void Scenario::day_report()
{
    auto& head = staff_.holding("kasi_yanmum");
    narrator_.banner("The day's report (register.report, as " + head.officer() + ")");
    print_report(std::cout, head.call("register.report"));
}

} // namespace walkthrough
