// SPDX-License-Identifier: Apache-2.0
// The SOP enforced by the real daemon over real ZeroMQ: a whole service
// with the right officer for each step, every kind of violation, both
// decisions, the skip, overruns in accelerated time, and the KK variant.
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <memory>
#include <thread>

#include <gtest/gtest.h>
#include <zmq_addon.hpp>

#include "daemon_process.hpp"
#include "service_steps.hpp"
#include "wire_client.hpp"

namespace ktpel::test {
namespace {

using namespace std::chrono_literals;

// A valid applicant: NIK of a woman born 1990-03-12 in Kab. Lumajang.
const nlohmann::json kApplicant = {{"nik", "3508015203900001"}, {"kk", "3508010101150003"}};

class SopTest : public ::testing::Test
{
protected:
    explicit SopTest(int time_scale = 1)
        : daemon_(dir_.path(), station_config(dir_.path(), time_scale)),
          siti_(context_, daemon_.api_endpoint()), hendra_(context_, daemon_.api_endpoint()),
          budi_(context_, daemon_.api_endpoint()), teknisi_(context_, daemon_.api_endpoint())
    {
        siti_.login("siti", "111111");     // petugas_loket
        hendra_.login("hendra", "222222"); // kasi_yanmum
        budi_.login("budi", "333333");     // operator_siak
        teknisi_.login(kTechnician, kTechnicianPin);
    }

    std::string open(nlohmann::json args = kApplicant)
    {
        const auto reply = siti_.call("application.open", args);
        EXPECT_TRUE(reply.ok()) << reply.header;
        return reply.header["result"].value("id", "");
    }

    nlohmann::json step(WireClient& officer, const std::string& app, const std::string& id,
                        nlohmann::json extra = nlohmann::json::object())
    {
        const auto started = officer.call("sop.step.start", {{"application", app}, {"step", id}});
        EXPECT_TRUE(started.ok()) << started.header;
        extra["application"] = app;
        extra["step"] = id;
        const auto completed = officer.call("sop.step.complete", extra);
        EXPECT_TRUE(completed.ok()) << completed.header;
        return completed.header["result"];
    }

    // Steps 7 and 8 with their acknowledgements: the counter officer
    // confirms receiving the card, the applicant signs the receipt on the
    // pad. Returns the completed application.
    nlohmann::json hand_over(const std::string& app)
    {
        const nlohmann::json to_counter = {{"application", app}, {"step", "hand_to_counter"}};
        EXPECT_TRUE(budi_.call("sop.step.start", to_counter).ok());
        EXPECT_TRUE(siti_.call("sop.step.acknowledge", to_counter).ok());
        EXPECT_TRUE(budi_.call("sop.step.complete", to_counter).ok());
        const nlohmann::json to_applicant = {{"application", app}, {"step", "hand_to_applicant"}};
        EXPECT_TRUE(siti_.call("sop.step.start", to_applicant).ok());
        const auto signature = sign_receipt(app);
        auto acknowledgement = to_applicant;
        acknowledgement["signature"] = signature;
        const auto acknowledged = siti_.call("sop.step.acknowledge", acknowledgement);
        EXPECT_TRUE(acknowledged.ok()) << acknowledged.header;
        const auto completed = siti_.call("sop.step.complete", to_applicant);
        EXPECT_TRUE(completed.ok()) << completed.header;
        return completed.header["result"];
    }

    // The applicant signs on the simulated pad; returns the capture id.
    std::string sign_receipt(const std::string& app)
    {
        const auto signature = siti_.call("signature.capture", {{"application", app}}, 60000);
        EXPECT_TRUE(signature.ok()) << signature.header;
        // The receipt's signature is step 8's: it replaces no sample of
        // step 4 (the card's signature).
        EXPECT_FALSE(signature.header["result"].contains("superseded")) << signature.header;
        return signature.header["result"].value("capture", "");
    }

    // Steps 5 and 6 for an applicant whose step 4 was skipped: the card
    // issued from the central record's biometrics, then activated.
    std::string card_from_central_record(const std::string& app)
    {
        const auto record = central_record(teknisi_);
        return issue_and_activate(budi_, teknisi_, app, &record);
    }

    nlohmann::json get(const std::string& app)
    {
        return siti_.call("application.get", {{"application", app}}).header["result"];
    }

    TempDir dir_;
    DaemonProcess daemon_;
    zmq::context_t context_;
    WireClient siti_, hendra_, budi_, teknisi_;
};

TEST_F(SopTest, AWholeServiceWithTheRightOfficerForEachStep)
{
    const auto app = open();
    EXPECT_EQ(get(app)["current_step"]["step"], "submit_documents");
    step(siti_, app, "submit_documents");
    step(siti_, app, "check_completeness", {{"outcome", "complete"}});
    step(hendra_, app, "validate_file", {{"outcome", "valid"}});
    ASSERT_TRUE(
        budi_.call("sop.step.start", {{"application", app}, {"step", "record_biometrics"}}).ok());
    const auto recorded = record_biometrics(budi_, app);
    const auto& capture = recorded.at("fingerprint.capture/left_four");
    ASSERT_TRUE(
        budi_.call("sop.step.complete", {{"application", app}, {"step", "record_biometrics"}})
            .ok());
    // Steps 5 and 6: a real card, issued and activated by the applicant's
    // finger (the applicant's step, assisted by the operator).
    const auto chip_uid = issue_and_activate(budi_, teknisi_, app);
    const auto done = hand_over(app);
    EXPECT_EQ(done["state"], "completed");
    EXPECT_EQ(done["steps"].size(), 8u);
    // The register holds the captures' metadata, never an image.
    const auto captures = get(app)["captures"];
    const auto in_step = [&](const std::string& step, const std::string& operation) {
        return std::count_if(captures.begin(), captures.end(), [&](const auto& row) {
            return row["step"] == step && row["operation"] == operation;
        });
    };
    // Step 4: per slap its image and a fingertip and a template per finger
    // found; step 6: the activation; step 8: the receipt's signature
    // (image and pen data).
    std::size_t slap_parts = 0;
    for (const std::string slot : {"left_four", "right_four", "thumbs"})
        slap_parts +=
            1 + 2 * recorded.at("fingerprint.capture/" + slot).header["result"]["fingers"].size();
    EXPECT_EQ(in_step("record_biometrics", "fingerprint.capture"), slap_parts);
    EXPECT_EQ(in_step("activate_card", "card.activate"), 1);
    EXPECT_EQ(in_step("hand_to_applicant", "signature.capture"), 2);
    EXPECT_EQ(done["card_attempts"][0]["chip_uid"], chip_uid);
    const auto slap_row = std::find_if(captures.begin(), captures.end(), [](const auto& row) {
        return row["metadata"]["part"] == "image" && row["operation"] == "fingerprint.capture";
    });
    ASSERT_NE(slap_row, captures.end());
    EXPECT_EQ((*slap_row)["step"], "record_biometrics");
    EXPECT_EQ((*slap_row)["serial"], "SIM-FP-0001");
    EXPECT_EQ((*slap_row)["sha256"], capture.header["result"]["image"]["sha256"]);
    const auto report = hendra_.call("register.report");
    ASSERT_TRUE(report.ok()) << report.header;
    EXPECT_EQ(report.header["result"]["completed"], 1);
    EXPECT_EQ(report.header["result"]["steps"].size(), 8u);
}

TEST_F(SopTest, EveryViolationGetsItsCode)
{
    WireClient anonymous(context_, daemon_.api_endpoint());
    EXPECT_EQ(anonymous.call("application.open", kApplicant).code(), "unauthenticated");
    EXPECT_EQ(budi_.call("application.open", kApplicant).code(), "forbidden"); // the counter opens
    const auto app = open();
    // Order.
    EXPECT_EQ(
        siti_.call("sop.step.start", {{"application", app}, {"step", "check_completeness"}}).code(),
        "sop_order");
    EXPECT_EQ(siti_.call("sop.step.complete", {{"application", app}, {"step", "submit_documents"}})
                  .code(),
              "sop_order");
    // Device operations outside their step.
    EXPECT_EQ(budi_.call("fingerprint.capture", {{"application", app}}).code(), "sop_order");
    EXPECT_EQ(budi_.call("fingerprint.capture").code(), "invalid_args"); // names no application
    step(siti_, app, "submit_documents");
    // Role.
    EXPECT_EQ(hendra_.call("sop.step.start", {{"application", app}, {"step", "check_completeness"}})
                  .code(),
              "forbidden");
    EXPECT_EQ(
        teknisi_.call("sop.step.start", {{"application", app}, {"step", "check_completeness"}})
            .code(),
        "forbidden");
    ASSERT_TRUE(
        siti_.call("sop.step.start", {{"application", app}, {"step", "check_completeness"}}).ok());
    EXPECT_EQ(
        siti_.call("sop.step.start", {{"application", app}, {"step", "check_completeness"}}).code(),
        "sop_order");
    // Decision arguments.
    EXPECT_EQ(
        siti_.call("sop.step.complete", {{"application", app}, {"step", "check_completeness"}})
            .code(),
        "invalid_args");
    EXPECT_EQ(siti_
                  .call("sop.step.complete",
                        {{"application", app}, {"step", "check_completeness"}, {"outcome", "ok"}})
                  .code(),
              "invalid_args");
    ASSERT_TRUE(
        siti_
            .call("sop.step.complete",
                  {{"application", app}, {"step", "check_completeness"}, {"outcome", "complete"}})
            .ok());
    step(hendra_, app, "validate_file", {{"outcome", "valid"}});
    // Skipping needs the condition; capturing needs the step started and the operator.
    EXPECT_EQ(budi_
                  .call("sop.step.skip",
                        {{"application", app}, {"step", "record_biometrics"}, {"reason", "x"}})
                  .code(),
              "sop_order");
    EXPECT_EQ(budi_.call("fingerprint.capture", {{"application", app}}).code(), "sop_order");
    ASSERT_TRUE(
        budi_.call("sop.step.start", {{"application", app}, {"step", "record_biometrics"}}).ok());
    EXPECT_EQ(siti_.call("fingerprint.capture", {{"application", app}}).code(), "forbidden");
    EXPECT_EQ(teknisi_.call("fingerprint.capture", {{"application", app}}).code(), "forbidden");
    EXPECT_EQ(budi_.call("sim.inject", {{"device", "fingerprint0"}, {"fault", "unplug"}}).code(),
              "forbidden");
    EXPECT_EQ(budi_.call("application.get", {{"application", "20991231-0001"}}).code(),
              "not_found");
    EXPECT_EQ(siti_.call("register.export").code(), "forbidden"); // the section head's
    EXPECT_TRUE(budi_.call("fingerprint.capture", {{"application", app}}).ok());
}

TEST_F(SopTest, OpeningValidatesTheApplicant)
{
    EXPECT_EQ(siti_.call("application.open", {{"nik", "12345"}, {"kk", "3508010101150003"}}).code(),
              "invalid_args");
    EXPECT_EQ(
        siti_.call("application.open", {{"nik", "3508019903900001"}, {"kk", "3508010101150003"}})
            .code(),
        "invalid_args");
    // Born 2012: too young unless married. Not a question of roles: the
    // request names an applicant the service is not for.
    const auto young =
        siti_.call("application.open", {{"nik", "3508011203120001"}, {"kk", "3508010101150003"}});
    EXPECT_EQ(young.code(), "invalid_args");
    EXPECT_EQ(young.header["error"]["details"]["reason"], "too_young");
    EXPECT_TRUE(
        siti_
            .call("application.open",
                  {{"nik", "3508011203120001"}, {"kk", "3508010101150003"}, {"married", true}})
            .ok());
}

TEST_F(SopTest, AnIncompleteFileEndsTheServiceWithItsReason)
{
    const auto app = open();
    step(siti_, app, "submit_documents");
    ASSERT_TRUE(
        siti_.call("sop.step.start", {{"application", app}, {"step", "check_completeness"}}).ok());
    EXPECT_EQ(
        siti_
            .call("sop.step.complete",
                  {{"application", app}, {"step", "check_completeness"}, {"outcome", "incomplete"}})
            .code(),
        "invalid_args"); // the reason is required
    const auto ended = siti_.call("sop.step.complete", {{"application", app},
                                                        {"step", "check_completeness"},
                                                        {"outcome", "incomplete"},
                                                        {"reason", "no photocopy of the KK"}});
    ASSERT_TRUE(ended.ok()) << ended.header;
    EXPECT_EQ(ended.header["result"]["state"], "ended");
    EXPECT_EQ(ended.header["result"]["end_state"], "returned");
    EXPECT_EQ(ended.header["result"]["end_reason"], "no photocopy of the KK");
    EXPECT_EQ(
        hendra_.call("sop.step.start", {{"application", app}, {"step", "validate_file"}}).code(),
        "sop_order");
}

TEST_F(SopTest, AnInvalidFileEndsTheServiceAtTheSectionHead)
{
    const auto app = open();
    step(siti_, app, "submit_documents");
    step(siti_, app, "check_completeness", {{"outcome", "complete"}});
    const auto ended = step(hendra_, app, "validate_file",
                            {{"outcome", "invalid"}, {"reason", "name differs from the KK"}});
    EXPECT_EQ(ended["state"], "ended");
    EXPECT_EQ(ended["end_reason"], "name differs from the KK");
    EXPECT_EQ(hendra_.call("register.report").header["result"]["ended_at_decision"], 1);
}

TEST_F(SopTest, BiometricsAlreadyRecordedSkipStepFour)
{
    auto args = kApplicant;
    args["biometrics_recorded"] = true;
    const auto app = open(args);
    step(siti_, app, "submit_documents");
    step(siti_, app, "check_completeness", {{"outcome", "complete"}});
    step(hendra_, app, "validate_file", {{"outcome", "valid"}});
    EXPECT_EQ(
        budi_.call("sop.step.skip", {{"application", app}, {"step", "record_biometrics"}}).code(),
        "invalid_args"); // reason required
    EXPECT_EQ(siti_
                  .call("sop.step.skip",
                        {{"application", app}, {"step", "record_biometrics"}, {"reason", "x"}})
                  .code(),
              "forbidden");
    const auto skipped = budi_.call(
        "sop.step.skip",
        {{"application", app}, {"step", "record_biometrics"}, {"reason", "recorded 2019"}});
    ASSERT_TRUE(skipped.ok()) << skipped.header;
    EXPECT_EQ(skipped.header["result"]["current_step"]["step"], "encode_and_print");
    const auto steps = skipped.header["result"]["steps"];
    EXPECT_EQ(steps.back()["outcome"], "skipped");
    EXPECT_EQ(steps.back()["officer"], "budi");
}

TEST_F(SopTest, ApplicationListShowsOneOfficeDay)
{
    const auto app = open();
    const auto today = siti_.call("application.list");
    ASSERT_TRUE(today.ok()) << today.header;
    ASSERT_EQ(today.header["result"]["applications"].size(), 1u);
    EXPECT_EQ(today.header["result"]["applications"][0]["id"], app);
    EXPECT_EQ(today.header["result"]["applications"][0]["nik_masked"], "3508**********01");
    EXPECT_TRUE(siti_.call("application.list", {{"date", "2000-01-01"}})
                    .header["result"]["applications"]
                    .empty());
    EXPECT_EQ(siti_.call("application.list", {{"date", "2026-13-40"}}).code(), "invalid_args");
}

TEST_F(SopTest, CancelNeedsAReason)
{
    const auto app = open();
    EXPECT_EQ(siti_.call("application.cancel", {{"application", app}}).code(), "invalid_args");
    const auto cancelled =
        siti_.call("application.cancel", {{"application", app}, {"reason", "applicant left"}});
    ASSERT_TRUE(cancelled.ok());
    EXPECT_EQ(cancelled.header["result"]["state"], "cancelled");
    EXPECT_EQ(
        siti_.call("sop.step.start", {{"application", app}, {"step", "submit_documents"}}).code(),
        "sop_order");
}

TEST_F(SopTest, SessionsExpireAndWrongPinsAreRateLimited)
{
    WireClient guesser(context_, daemon_.api_endpoint());
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(guesser.call("session.login", {{"officer", "hendra"}, {"pin", "000000"}}).code(),
                  "unauthenticated");
    const auto locked = guesser.call("session.login", {{"officer", "hendra"}, {"pin", "222222"}});
    EXPECT_EQ(locked.code(), "rate_limited");
    EXPECT_GT(locked.header["error"]["details"]["retry_after_ms"].get<int>(), 0);
    // A token is worthless on another connection.
    WireClient thief(context_, daemon_.api_endpoint());
    thief.send_frames({request_header("t", "session.whoami", {}, siti_.token())});
    EXPECT_EQ(thief.receive().code(), "unauthenticated");
    EXPECT_EQ(siti_.call("session.whoami").header["result"]["officer"], "siti");
    ASSERT_TRUE(siti_.call("session.logout").ok());
    EXPECT_EQ(siti_.call("session.whoami").code(), "unauthenticated");
}

class AcceleratedSopTest : public SopTest
{
protected:
    AcceleratedSopTest() : SopTest(600) {} // 1 minute of SOP time = 100 ms
};

TEST_F(AcceleratedSopTest, AnOverrunIsAnEventAndARegisterFactNotAnError)
{
    zmq::socket_t events(context_, zmq::socket_type::sub);
    events.set(zmq::sockopt::subscribe, "sop.");
    events.set(zmq::sockopt::rcvtimeo, 5000);
    events.connect(daemon_.events_endpoint());
    std::this_thread::sleep_for(200ms);
    const auto app = open();
    ASSERT_TRUE(
        siti_.call("sop.step.start", {{"application", app}, {"step", "submit_documents"}}).ok());
    nlohmann::json overrun;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (overrun.is_null() && std::chrono::steady_clock::now() < deadline) {
        std::vector<zmq::message_t> frames;
        if (!zmq::recv_multipart(events, std::back_inserter(frames)))
            break;
        if (frames[0].to_string() == "sop.overrun")
            overrun = nlohmann::json::parse(frames[1].to_string())["data"];
    }
    ASSERT_FALSE(overrun.is_null()) << "no sop.overrun within 5 s for a 100 ms step";
    EXPECT_EQ(overrun["application"], app);
    EXPECT_EQ(overrun["step"], "submit_documents");
    EXPECT_GE(overrun["elapsed_ms"].get<int>(), 100);
    // Not an error: the step completes, and the register says it overran.
    const auto done =
        siti_.call("sop.step.complete", {{"application", app}, {"step", "submit_documents"}});
    ASSERT_TRUE(done.ok());
    EXPECT_TRUE(done.header["result"]["steps"][0]["overrun"].get<bool>());
    EXPECT_EQ(hendra_.call("register.report").header["result"]["steps"][0]["overruns"], 1);
}

// Text of a PDF through poppler's pdftotext (scripts/install-deps.sh
// installs it): what a person reading the printed receipt would see.
std::string pdf_text(const std::string& dir, const std::string& pdf, const char* tool = "pdftotext")
{
    const auto path = dir + "/receipt.pdf";
    {
        std::ofstream out(path, std::ios::binary);
        out << pdf;
    }
    const auto command = std::string(tool) +
                         (std::string(tool) == "pdftotext" ? " -layout " : " -list ") + path +
                         (std::string(tool) == "pdftotext" ? " - 2>&1" : " 2>&1");
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    std::string text;
    if (!pipe)
        return text;
    char buffer[4096];
    while (const auto n = std::fread(buffer, 1, sizeof buffer, pipe.get()))
        text.append(buffer, n);
    return text;
}

TEST_F(SopTest, HandOversCompleteOnlyOnceAcknowledgedAndTheReceiptIsAPdf)
{
    const auto app = open(
        {{"nik", "3508015203900001"}, {"kk", "3508010101150003"}, {"biometrics_recorded", true}});
    step(siti_, app, "submit_documents");
    step(siti_, app, "check_completeness", {{"outcome", "complete"}});
    step(hendra_, app, "validate_file", {{"outcome", "valid"}});
    ASSERT_TRUE(budi_
                    .call("sop.step.skip", {{"application", app},
                                            {"step", "record_biometrics"},
                                            {"reason", "recorded at another office"}})
                    .ok());
    card_from_central_record(app);

    // Step 7: the counter officer confirms receiving the card.
    const nlohmann::json seven = {{"application", app}, {"step", "hand_to_counter"}};
    EXPECT_EQ(siti_.call("sop.step.acknowledge", seven).code(), "sop_order"); // not started
    ASSERT_TRUE(budi_.call("sop.step.start", seven).ok());
    const auto early = budi_.call("sop.step.complete", seven);
    EXPECT_EQ(early.code(), "sop_order");
    EXPECT_EQ(early.header["error"]["details"]["awaiting"], "acknowledgement");
    EXPECT_EQ(early.header["error"]["details"]["acknowledged_by"], "petugas_loket");
    EXPECT_EQ(get(app)["current_step"]["acknowledgement"]["given"], false);
    EXPECT_EQ(budi_.call("sop.step.acknowledge", seven).code(), "forbidden");   // hands over
    EXPECT_EQ(hendra_.call("sop.step.acknowledge", seven).code(), "forbidden"); // not the counter
    auto with_signature = seven;
    with_signature["signature"] = "cap-00000000000000000000000000000000";
    EXPECT_EQ(siti_.call("sop.step.acknowledge", with_signature).code(), "not_found");
    const auto received = siti_.call("sop.step.acknowledge", seven);
    ASSERT_TRUE(received.ok()) << received.header;
    EXPECT_EQ(siti_.call("sop.step.acknowledge", seven).code(), "sop_order"); // once
    EXPECT_EQ(get(app)["current_step"]["acknowledgement"]["given"], true);
    EXPECT_EQ(siti_.call("sop.step.complete", seven).code(), "forbidden"); // the operator's step
    ASSERT_TRUE(budi_.call("sop.step.complete", seven).ok());

    // Step 8: the applicant signs the receipt on the pad.
    const nlohmann::json eight = {{"application", app}, {"step", "hand_to_applicant"}};
    ASSERT_TRUE(siti_.call("sop.step.start", eight).ok());
    EXPECT_EQ(siti_.call("sop.step.complete", eight).code(), "sop_order");
    EXPECT_EQ(siti_.call("sop.step.acknowledge", eight).code(), "invalid_args"); // no signature
    EXPECT_EQ(siti_.call("receipt.get", {{"application", app}}).code(), "not_found");
    const auto pad = siti_.call("signature.capture", {{"application", app}}, 60000);
    ASSERT_TRUE(pad.ok()) << pad.header;
    auto signed_receipt = eight;
    signed_receipt["signature"] = pad.header["result"]["capture"];
    const auto acknowledged = siti_.call("sop.step.acknowledge", signed_receipt);
    ASSERT_TRUE(acknowledged.ok()) << acknowledged.header;
    const auto& ack = acknowledged.header["result"]["steps"][7]["acknowledged"];
    EXPECT_EQ(ack["kind"], "applicant_signature");
    EXPECT_EQ(ack["role"], "pemohon");
    EXPECT_EQ(ack["recorded_by"], "siti");
    EXPECT_EQ(ack["capture"], pad.header["result"]["capture"]);
    EXPECT_EQ(ack["sha256"], pad.header["result"]["signature"]["sha256"]);
    const auto done = siti_.call("sop.step.complete", eight);
    ASSERT_TRUE(done.ok()) << done.header;
    EXPECT_EQ(done.header["result"]["state"], "completed");
    const auto& listed = done.header["result"]["receipt"];
    EXPECT_EQ(listed["file"], app + ".pdf");

    const auto receipt = siti_.call("receipt.get", {{"application", app}});
    ASSERT_TRUE(receipt.ok()) << receipt.header;
    ASSERT_EQ(receipt.blobs.size(), 1u);
    const auto& pdf = receipt.blobs[0];
    EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
    EXPECT_EQ(receipt.header["result"]["sha256"], listed["sha256"]);
    EXPECT_EQ(receipt.header["result"]["bytes"], pdf.size());
    EXPECT_EQ(receipt.header["result"]["pdf"]["format"], "application/pdf");
    // What the printed receipt says: the service, the applicant, every
    // step with its officer, both acknowledgements, and one image (the
    // signature).
    const auto text = pdf_text(dir_.path(), pdf);
    for (const std::string expected :
         {"BUKTI PENERIMAAN", app.c_str(), "3508015203900001", "3508010101150003", "Petugas Loket",
          "Operator SIAK", "dilewati", "Diterima oleh", "alat tanda tangan",
          "427.90/Kasi Yanmum/04/2022"})
        EXPECT_NE(text.find(expected), std::string::npos) << expected << " not in:\n" << text;
    const auto images = pdf_text(dir_.path(), pdf, "pdfimages");
    EXPECT_NE(images.find("image"), std::string::npos) << images;
    EXPECT_EQ(std::count(images.begin(), images.end(), '\n'), 3) << images; // 2 header lines + 1
}

TEST(SopReceipt, SurvivesARestartAndAChangedFileIsReported)
{
    TempDir dir;
    std::string app;
    std::string sha256;
    {
        DaemonProcess daemon(dir.path());
        zmq::context_t context;
        WireClient siti(context, daemon.api_endpoint()), hendra(context, daemon.api_endpoint()),
            budi(context, daemon.api_endpoint()), teknisi(context, daemon.api_endpoint());
        siti.login("siti", "111111");
        hendra.login("hendra", "222222");
        budi.login("budi", "333333");
        teknisi.login(kTechnician, kTechnicianPin);
        app = complete_a_service(siti, hendra, budi, teknisi);
        ASSERT_FALSE(app.empty());
        sha256 = siti.call("application.get", {{"application", app}})
                     .header["result"]["receipt"]["sha256"];
        daemon.stop(SIGKILL);
    }
    const auto file = dir.path() + "/state/receipts/" + app + ".pdf";
    {
        DaemonProcess daemon(dir.path());
        zmq::context_t context;
        WireClient siti(context, daemon.api_endpoint());
        siti.login("siti", "111111");
        const auto receipt = siti.call("receipt.get", {{"application", app}});
        ASSERT_TRUE(receipt.ok()) << receipt.header;
        EXPECT_EQ(receipt.header["result"]["sha256"], sha256);
        // Someone edits the archived receipt: the register's hash notices.
        std::ofstream(file, std::ios::binary | std::ios::app) << "%% edited";
        const auto changed = siti.call("receipt.get", {{"application", app}});
        EXPECT_EQ(changed.code(), "internal") << changed.header;
        EXPECT_EQ(siti.call("receipt.get", {{"application", "20261124-9999"}}).code(), "not_found");
    }
}

TEST(SopVariant, TheFamilyCardSopRunsOnTheSameEngine)
{
    TempDir dir;
    DaemonProcess daemon(
        dir.path(),
        station_config(dir.path(), 1, KTPEL_SOURCE_DIR "/config/sop/kartu-keluarga.yaml"));
    zmq::context_t context;
    WireClient any(context, daemon.api_endpoint());
    const auto sop = any.call("sop.describe");
    ASSERT_TRUE(sop.ok()) << sop.header;
    EXPECT_EQ(sop.header["result"]["id"], "kartu-keluarga");
    std::map<std::string, std::unique_ptr<WireClient>> officers;
    const std::map<std::string, std::pair<std::string, std::string>> by_role = {
        {"petugas_loket", {"siti", "111111"}},
        {"kasi_yanmum", {"hendra", "222222"}},
        {"operator_siak", {"budi", "333333"}}};
    for (const auto& [role, login] : by_role) {
        officers[role] = std::make_unique<WireClient>(context, daemon.api_endpoint());
        officers[role]->login(login.first, login.second);
    }
    const auto opened = officers["petugas_loket"]->call("application.open", kApplicant);
    ASSERT_TRUE(opened.ok()) << opened.header;
    const auto app = opened.header["result"]["id"].get<std::string>();
    nlohmann::json last;
    for (const auto& s : sop.header["result"]["steps"]) {
        // Whoever may do it among our officers (the applicant's steps are assisted).
        WireClient* officer = nullptr;
        for (const auto& role : s["roles"])
            if (officers.contains(role.get<std::string>()))
                officer = officers[role.get<std::string>()].get();
        ASSERT_NE(officer, nullptr) << s;
        const auto id = s["id"].get<std::string>();
        ASSERT_TRUE(officer->call("sop.step.start", {{"application", app}, {"step", id}}).ok())
            << id;
        nlohmann::json args = {{"application", app}, {"step", id}};
        if (s.contains("outcomes")) {
            for (const auto& outcome : s["outcomes"])
                if (!outcome["ends_service"].get<bool>())
                    args["outcome"] = outcome["id"];
        }
        // A value the step declares (step 4: the printed KK's number):
        // refused without it, naming what is missing.
        for (const auto& evidence : s["evidence"]) {
            if (evidence["kind"] != "declared")
                continue;
            const auto refused = officer->call("sop.step.complete", args);
            EXPECT_EQ(refused.code(), "sop_order");
            EXPECT_EQ(refused.header["error"]["details"]["missing"],
                      nlohmann::json::array({evidence["name"]}));
            args["evidence"][evidence["name"].get<std::string>().substr(9)] = "3508010101260001";
        }
        // The KK's hand-over: the applicant signs the paper receipt (no
        // pad in that SOP); the counter officer records it.
        if (s.contains("acknowledgement")) {
            EXPECT_EQ(s["acknowledgement"]["kind"], "applicant_paper");
            EXPECT_EQ(officer->call("sop.step.complete", args).code(), "sop_order");
            const auto acknowledged =
                officer->call("sop.step.acknowledge", {{"application", app}, {"step", id}});
            ASSERT_TRUE(acknowledged.ok()) << acknowledged.header;
        }
        const auto done = officer->call("sop.step.complete", args);
        ASSERT_TRUE(done.ok()) << done.header;
        last = done.header["result"];
    }
    EXPECT_EQ(last["state"], "completed");
    EXPECT_EQ(last["sop"], "kartu-keluarga");
    // A paper-signed service has its receipt too, without a drawn signature.
    EXPECT_TRUE(last.contains("receipt")) << last;
    const auto receipt = officers["petugas_loket"]->call("receipt.get", {{"application", app}});
    ASSERT_TRUE(receipt.ok()) << receipt.header;
    ASSERT_EQ(receipt.blobs.size(), 1u);
    EXPECT_EQ(receipt.blobs[0].rfind("%PDF-", 0), 0u);
}

} // namespace
} // namespace ktpel::test
