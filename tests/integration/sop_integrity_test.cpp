// SPDX-License-Identifier: Apache-2.0
// The register never claims more than happened, through the real daemon:
// each step's missing evidence is refused with details.missing; a step or
// an application does not end while a device operation runs for it; a
// step-4 fact withdrawn by a discard must be captured again; and the role
// matrix: every operation, every demo officer.
#include <algorithm>
#include <csignal>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "daemon_process.hpp"
#include "service_steps.hpp"
#include "wire_client.hpp"

namespace ktpel::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const json kApplicant = {{"nik", "3508015203900001"}, {"kk", "3508010101150003"}};

class SopIntegrityTest : public ::testing::Test
{
protected:
    explicit SopIntegrityTest(std::string config = KTPEL_SOURCE_DIR "/config/ktpeld.yaml")
        : daemon_(dir_.path(), std::move(config)), siti_(context_, daemon_.api_endpoint()),
          hendra_(context_, daemon_.api_endpoint()), budi_(context_, daemon_.api_endpoint()),
          budi_desk2_(context_, daemon_.api_endpoint()), teknisi_(context_, daemon_.api_endpoint())
    {
        siti_.login("siti", "111111");
        hendra_.login("hendra", "222222");
        budi_.login("budi", "333333");
        budi_desk2_.login("budi", "333333"); // the same officer at a second screen
        teknisi_.login(kTechnician, kTechnicianPin);
    }

    void inject(const std::string& device, const std::string& fault, json args = json::object())
    {
        args["device"] = device;
        args["fault"] = fault;
        const auto reply = teknisi_.call("sim.inject", args);
        ASSERT_TRUE(reply.ok()) << reply.header;
    }

    // An application whose step 4 was skipped, at step 5 in progress.
    std::string at_step_five_skipped()
    {
        auto args = kApplicant;
        args["biometrics_recorded"] = true;
        const auto opened = siti_.call("application.open", args);
        EXPECT_TRUE(opened.ok()) << opened.header;
        const auto app = opened.header["result"].value("id", std::string{});
        run_step(siti_, app, "submit_documents");
        run_step(siti_, app, "check_completeness", {{"outcome", "complete"}});
        run_step(hendra_, app, "validate_file", {{"outcome", "valid"}});
        EXPECT_TRUE(budi_
                        .call("sop.step.skip", {{"application", app},
                                                {"step", "record_biometrics"},
                                                {"reason", "recorded 2019"}})
                        .ok());
        EXPECT_TRUE(
            budi_.call("sop.step.start", {{"application", app}, {"step", "encode_and_print"}})
                .ok());
        return app;
    }

    const CentralRecord& record()
    {
        if (!record_)
            record_ = central_record(teknisi_);
        return *record_;
    }

    // The error of sop.step.complete (or another transition) refused for an
    // operation in flight: its code and the operations it names.
    static void expect_awaiting_operations(const WireReply& reply, const std::string& request_id)
    {
        EXPECT_EQ(reply.code(), "sop_order") << reply.header;
        const auto& details = reply.header["error"]["details"];
        EXPECT_EQ(details["awaiting"], "operations") << reply.header;
        ASSERT_TRUE(details["operations"].is_array()) << reply.header;
        ASSERT_EQ(details["operations"].size(), 1u) << reply.header;
        EXPECT_EQ(details["operations"][0]["id"], request_id);
    }

    json get(const std::string& app)
    {
        return siti_.call("application.get", {{"application", app}}).header["result"];
    }

    TempDir dir_;
    DaemonProcess daemon_;
    zmq::context_t context_;
    WireClient siti_, hendra_, budi_, budi_desk2_, teknisi_;
    std::optional<CentralRecord> record_;
};

TEST_F(SopIntegrityTest, EachStepRefusesToCompleteWithoutItsOutput)
{
    const auto app = open_at_step_four(siti_, hendra_, budi_);
    ASSERT_FALSE(app.empty());
    const json four = {{"application", app}, {"step", "record_biometrics"}};
    auto refused = budi_.call("sop.step.complete", four);
    EXPECT_EQ(refused.code(), "sop_order");
    EXPECT_EQ(refused.header["error"]["details"]["awaiting"], "evidence");
    EXPECT_EQ(refused.header["error"]["details"]["missing"],
              json::array({"fingerprints.left_four", "fingerprints.right_four",
                           "fingerprints.thumbs", "irises", "face_photo", "signature"}));
    // The application object shows the officer what is still lacking.
    EXPECT_EQ(get(app)["current_step"]["evidence"]["missing"].size(), 6u);

    const auto recorded = record_biometrics(budi_, app);
    // A discarded slap no longer counts: it must be captured again.
    const auto thumbs = recorded.at("fingerprint.capture/thumbs").header["result"]["capture"];
    ASSERT_TRUE(budi_.call("capture.discard", {{"capture", thumbs}}).ok());
    refused = budi_.call("sop.step.complete", four);
    EXPECT_EQ(refused.header["error"]["details"]["missing"], json::array({"fingerprints.thumbs"}))
        << refused.header;
    // A thumb that is not there, declared: the slap is complete.
    inject("fingerprint0", "missing_fingers", {{"fingers", {"left_thumb"}}});
    const auto declared =
        budi_.call("fingerprint.capture",
                   {{"application", app}, {"slot", "thumbs"}, {"missing", {"left_thumb"}}}, 60000);
    ASSERT_TRUE(declared.ok()) << declared.header;
    ASSERT_TRUE(budi_.call("sop.step.complete", four).ok());

    // Step 5 without a card, step 6 without an activation.
    const json five = {{"application", app}, {"step", "encode_and_print"}};
    ASSERT_TRUE(budi_.call("sop.step.start", five).ok());
    refused = budi_.call("sop.step.complete", five);
    EXPECT_EQ(refused.header["error"]["details"]["missing"], json::array({"card_issued"}));
    const auto uid = issue_card(budi_, app);
    ASSERT_FALSE(uid.empty());
    ASSERT_TRUE(budi_.call("sop.step.complete", five).ok());
    const json six = {{"application", app}, {"step", "activate_card"}};
    ASSERT_TRUE(budi_.call("sop.step.start", six).ok());
    refused = budi_.call("sop.step.complete", six);
    EXPECT_EQ(refused.header["error"]["details"]["missing"], json::array({"card_activated"}));
    activate_card(budi_, teknisi_, app, uid);
    ASSERT_TRUE(budi_.call("sop.step.complete", six).ok());
}

TEST_F(SopIntegrityTest, ABlockedChipEndsStepSixNotActivatedWithItsReason)
{
    const auto app = at_step_five_skipped();
    const auto uid = issue_card(budi_, app, {{"supplied", record().supplied}}, record().blobs);
    ASSERT_FALSE(uid.empty());
    ASSERT_TRUE(
        budi_.call("sop.step.complete", {{"application", app}, {"step", "encode_and_print"}}).ok());
    const json six = {{"application", app}, {"step", "activate_card"}};
    ASSERT_TRUE(budi_.call("sop.step.start", six).ok());
    inject("encoder0", "card_inserted", {{"uid", uid}});
    inject("fingerprint0", "person", {{"id", 3}}); // not the applicant
    for (int attempt = 0; attempt < 3; ++attempt) {
        const auto refused = budi_.call("card.activate", {{"application", app}}, 120000);
        ASSERT_TRUE(refused.ok()) << refused.header;
        EXPECT_FALSE(refused.header["result"]["matched"].get<bool>());
    }
    // Not a dead end: the step ends not_activated, and needs the reason.
    auto done = budi_.call("sop.step.complete", six);
    EXPECT_EQ(done.code(), "invalid_args") << done.header;
    done = budi_.call("sop.step.complete",
                      {{"application", app},
                       {"step", "activate_card"},
                       {"reason", "three failed attempts; referred to the Dinas for activation"}});
    ASSERT_TRUE(done.ok()) << done.header;
    const auto& steps = done.header["result"]["steps"];
    EXPECT_EQ(steps.back()["outcome"], "not_activated");
    EXPECT_EQ(done.header["result"]["current_step"]["step"], "hand_to_counter");
}

TEST_F(SopIntegrityTest, ACaptureInFlightHoldsItsStepAndItsApplication)
{
    const auto app = open_at_step_four(siti_, hendra_, budi_);
    ASSERT_FALSE(app.empty());
    inject("fingerprint0", "subject_delay", {{"ms", 2500}});
    budi_.send_request("slow", "fingerprint.capture", {{"application", app}, {"slot", "thumbs"}});
    std::this_thread::sleep_for(600ms); // the capture is running
    // Completing the step, ending it at a skip, cancelling the application:
    // all wait for the capture (another screen of the same officer, and the
    // section head).
    expect_awaiting_operations(
        budi_desk2_.call("sop.step.complete",
                         {{"application", app}, {"step", "record_biometrics"}}),
        "slow");
    expect_awaiting_operations(
        hendra_.call("application.cancel", {{"application", app}, {"reason", "left the office"}}),
        "slow");
    EXPECT_EQ(budi_desk2_
                  .call("sop.step.skip",
                        {{"application", app}, {"step", "record_biometrics"}, {"reason", "x"}})
                  .code(),
              "sop_order"); // a step in progress is never skipped
    const auto captured = budi_.receive(60000);
    ASSERT_TRUE(captured.ok()) << captured.header;
    const auto id = captured.header["result"]["capture"].get<std::string>();
    // Its rows are filed under its own step, which is still in progress.
    const auto described = get(app);
    EXPECT_EQ(described["current_step"]["step"], "record_biometrics");
    for (const auto& row : described["captures"])
        EXPECT_EQ(row["step"], "record_biometrics") << row;
    // Now the cancel goes through, and the held slap is wiped with it.
    const auto cancelled =
        hendra_.call("application.cancel", {{"application", app}, {"reason", "left the office"}});
    ASSERT_TRUE(cancelled.ok()) << cancelled.header;
    EXPECT_EQ(cancelled.header["result"]["state"], "cancelled");
    EXPECT_EQ(budi_.call("capture.get", {{"capture", id}}).code(), "not_found");
    // Nothing is registered after the close.
    const auto after = get(app);
    EXPECT_EQ(after["captures"].size(), described["captures"].size());
}

TEST_F(SopIntegrityTest, AnIssueInFlightHoldsStepFive)
{
    const auto app = at_step_five_skipped();
    inject("printer0", "feed_time", {{"ms", 2500}}); // as long as a real printer's feed
    json args = {{"application", app}, {"card", holder_card()}, {"supplied", record().supplied}};
    std::vector<std::string> frames{request_header("issue", "card.issue", args, budi_.token())};
    frames.insert(frames.end(), record().blobs.begin(), record().blobs.end());
    budi_.send_frames(frames);
    std::this_thread::sleep_for(500ms); // rendering, checking the SAM, feeding
    expect_awaiting_operations(
        budi_desk2_.call("sop.step.complete", {{"application", app}, {"step", "encode_and_print"}}),
        "issue");
    expect_awaiting_operations(
        hendra_.call("application.cancel", {{"application", app}, {"reason", "applicant left"}}),
        "issue");
    const auto issued = budi_.receive(240000);
    ASSERT_TRUE(issued.ok()) << issued.header;
    // The card is the application's, in its step, and the step completes.
    const auto done =
        budi_.call("sop.step.complete", {{"application", app}, {"step", "encode_and_print"}});
    ASSERT_TRUE(done.ok()) << done.header;
    ASSERT_EQ(done.header["result"]["card_attempts"].size(), 1u);
    EXPECT_EQ(done.header["result"]["card_attempts"][0]["card"], "delivered");
}

TEST_F(SopIntegrityTest, AnActivationInFlightHoldsStepSix)
{
    const auto app = at_step_five_skipped();
    const auto uid = issue_card(budi_, app, {{"supplied", record().supplied}}, record().blobs);
    ASSERT_TRUE(
        budi_.call("sop.step.complete", {{"application", app}, {"step", "encode_and_print"}}).ok());
    ASSERT_TRUE(
        budi_.call("sop.step.start", {{"application", app}, {"step", "activate_card"}}).ok());
    inject("encoder0", "card_inserted", {{"uid", uid}});
    inject("fingerprint0", "subject_delay", {{"ms", 2500}});
    budi_.send_request("activate", "card.activate", {{"application", app}});
    std::this_thread::sleep_for(600ms);
    expect_awaiting_operations(
        budi_desk2_.call("sop.step.complete", {{"application", app}, {"step", "activate_card"}}),
        "activate");
    const auto activated = budi_.receive(120000);
    ASSERT_TRUE(activated.ok()) << activated.header;
    EXPECT_TRUE(
        budi_.call("sop.step.complete", {{"application", app}, {"step", "activate_card"}}).ok());
}

// A decision step that also permits a capture (no such step in the seed):
// ending the service at the decision waits for the capture too.
class DecisionRaceTest : public SopIntegrityTest
{
protected:
    DecisionRaceTest() : SopIntegrityTest(config_with_capture_at_step_two()) {}

    static std::string config_with_capture_at_step_two()
    {
        static TempDir dir;
        std::ifstream in(KTPEL_SOURCE_DIR "/config/sop/ktp-el-tuntas.yaml");
        std::string sop{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        const std::string step_two = "    standard_time: 2m\n    permitted_operations: []";
        const auto at = sop.find(step_two);
        if (at != std::string::npos)
            sop.replace(at, step_two.size(),
                        "    standard_time: 2m\n    permitted_operations: [camera.capture]");
        const auto path = dir.path() + "/capture-at-step-two.yaml";
        std::ofstream(path) << sop;
        return station_config(dir.path(), 1, path);
    }
};

TEST_F(DecisionRaceTest, AServiceEndedAtADecisionWaitsForTheCapture)
{
    const auto opened = siti_.call("application.open", kApplicant);
    const auto app = opened.header["result"].value("id", std::string{});
    run_step(siti_, app, "submit_documents");
    ASSERT_TRUE(
        siti_.call("sop.step.start", {{"application", app}, {"step", "check_completeness"}}).ok());
    inject("camera0", "capture_delay", {{"ms", 2500}});
    siti_.send_request("photo", "camera.capture", {{"application", app}});
    std::this_thread::sleep_for(600ms);
    WireClient siti_desk2(context_, daemon_.api_endpoint());
    siti_desk2.login("siti", "111111");
    const json ending = {{"application", app},
                         {"step", "check_completeness"},
                         {"outcome", "incomplete"},
                         {"reason", "no KK photocopy"}};
    expect_awaiting_operations(siti_desk2.call("sop.step.complete", ending), "photo");
    const auto photo = siti_.receive(60000);
    ASSERT_TRUE(photo.ok()) << photo.header;
    const auto ended = siti_.call("sop.step.complete", ending);
    ASSERT_TRUE(ended.ok()) << ended.header;
    EXPECT_EQ(ended.header["result"]["state"], "ended");
    // The photo was held for the application; closing it wiped the sample.
    EXPECT_EQ(siti_.call("capture.get", {{"capture", photo.header["result"]["capture"]}}).code(),
              "not_found");
}

// Every operation the daemon offers (hello), called by every demo officer
// and by a client without a session. Officers allowed by the table must not
// be refused for their role; everyone else must be (forbidden, or
// unauthenticated without a session). Arguments are chosen so that an
// allowed call fails harmlessly after its access checks where it would
// otherwise change the station (a wrong NIK, a missing reason, an unknown
// chip), and allowed officers go last, so one officer's success cannot
// change what the next one meets.
TEST_F(SopIntegrityTest, RoleMatrixCoversEveryOperationForEveryOfficer)
{
    // Applications at the steps the operations need.
    const auto at_four = open_at_step_four(siti_, hendra_, budi_);
    const auto held = budi_.call("signature.capture", {{"application", at_four}}, 60000);
    ASSERT_TRUE(held.ok()) << held.header;
    const auto held_id = held.header["result"]["capture"];
    const auto opened = siti_.call("application.open", kApplicant);
    const auto before_four = opened.header["result"].value("id", std::string{});
    run_step(siti_, before_four, "submit_documents");
    run_step(siti_, before_four, "check_completeness", {{"outcome", "complete"}});
    run_step(hendra_, before_four, "validate_file", {{"outcome", "valid"}});
    auto recorded_args = kApplicant;
    recorded_args["biometrics_recorded"] = true;
    const auto recorded_before_four =
        siti_.call("application.open", recorded_args).header["result"].value("id", std::string{});
    run_step(siti_, recorded_before_four, "submit_documents");
    run_step(siti_, recorded_before_four, "check_completeness", {{"outcome", "complete"}});
    run_step(hendra_, recorded_before_four, "validate_file", {{"outcome", "valid"}});
    const auto at_five = at_step_five_skipped();
    const auto at_six = at_step_five_skipped();
    const auto uid = issue_card(budi_, at_six, {{"supplied", record().supplied}}, record().blobs);
    ASSERT_TRUE(
        budi_.call("sop.step.complete", {{"application", at_six}, {"step", "encode_and_print"}})
            .ok());
    const auto at_seven = at_step_five_skipped();
    const auto seven_uid =
        issue_card(budi_, at_seven, {{"supplied", record().supplied}}, record().blobs);
    ASSERT_TRUE(
        budi_.call("sop.step.complete", {{"application", at_seven}, {"step", "encode_and_print"}})
            .ok());
    ASSERT_TRUE(
        budi_.call("sop.step.start", {{"application", at_seven}, {"step", "activate_card"}}).ok());
    activate_card(budi_, teknisi_, at_seven, seven_uid);
    ASSERT_TRUE(
        budi_.call("sop.step.complete", {{"application", at_seven}, {"step", "activate_card"}})
            .ok());
    ASSERT_TRUE(
        budi_.call("sop.step.start", {{"application", at_seven}, {"step", "hand_to_counter"}})
            .ok());
    ASSERT_TRUE(
        budi_.call("sop.step.start", {{"application", at_six}, {"step", "activate_card"}}).ok());
    // Captures end at once: nobody presents a finger, an eye or a face.
    for (const auto& device : {"fingerprint0", "iris0", "camera0", "signature0"})
        inject(device, "no_subject");

    auto other_card = holder_card();
    other_card["nik"] = "3508011708850002"; // card.issue refuses it before a blank moves
    const std::set<std::string> everyone{"", "siti", "hendra", "budi", "teknisi"};
    const std::set<std::string> sessions{"siti", "hendra", "budi", "teknisi"};
    const std::set<std::string> sop_officers{"siti", "hendra", "budi"};
    struct Row
    {
        std::string op;
        json args;
        std::set<std::string> allowed;
    };
    const std::vector<Row> matrix = {
        {"hello", json::object(), everyone},
        {"events.snapshot", json::object(), everyone},
        {"sop.describe", json::object(), everyone},
        {"device.list", json::object(), everyone},
        {"device.status", {{"device", "printer0"}}, everyone},
        {"op.cancel", {{"id", "nothing"}}, everyone},
        {"session.whoami", json::object(), sessions},
        {"application.get", {{"application", at_four}}, sessions},
        {"application.list", json::object(), sessions},
        {"card.proof", json::object(), sessions},
        {"signature.clear", json::object(), sessions},
        {"application.open", {{"nik", "12345"}, {"kk", "3508010101150003"}}, {"siti"}},
        {"application.cancel", {{"application", at_four}}, {"budi", "hendra"}},
        {"sop.step.start", {{"application", before_four}, {"step", "record_biometrics"}}, {"budi"}},
        {"sop.step.complete", {{"application", at_four}, {"step", "record_biometrics"}}, {"budi"}},
        {"sop.step.skip",
         {{"application", recorded_before_four}, {"step", "record_biometrics"}},
         {"budi"}},
        {"sop.step.acknowledge",
         {{"application", at_seven}, {"step", "hand_to_counter"}},
         {"siti"}},
        {"receipt.get", {{"application", "20991231-0001"}}, sop_officers},
        {"register.query", json::object(), sop_officers},
        {"register.report", json::object(), sop_officers},
        {"register.export", json::object(), {"hendra"}},
        {"fingerprint.capture", {{"application", at_four}, {"timeout_ms", 100}}, {"budi"}},
        {"iris.capture", {{"application", at_four}, {"timeout_ms", 100}}, {"budi"}},
        {"camera.capture", {{"application", at_four}, {"timeout_ms", 100}}, {"budi"}},
        {"signature.capture", {{"application", at_four}, {"timeout_ms", 1000}}, {"budi"}},
        {"capture.get", {{"capture", held_id}}, {"budi"}},
        {"capture.list", {{"application", at_four}}, {"budi"}},
        {"biometrics.bundle", {{"application", at_four}}, {"budi"}},
        {"capture.discard", {{"capture", held_id}}, {"budi"}},
        {"card.issue", {{"application", at_five}, {"card", other_card}}, {"budi"}},
        {"card.void", {{"application", at_five}, {"chip_uid", "00"}, {"reason", "x"}}, {"hendra"}},
        {"card.activate", {{"application", at_six}, {"finger", "thumb"}}, {"budi"}},
        {"printer.print", {{"panels", "zip"}}, {"teknisi"}},
        {"printer.status", json::object(), {"budi", "teknisi"}},
        {"encoder.detect", json::object(), {"budi", "teknisi"}},
        {"sim.inject", {{"device", "printer0"}, {"fault", "clear"}}, {"teknisi"}},
        {"session.logout", json::object(), sessions},
        // Last: it gives the client without a session one.
        {"session.login", {{"officer", "siti"}, {"pin", "111111"}}, everyone},
    };

    // Every operation has its row: a new one without a decided access
    // fails here.
    const auto hello = siti_.call("hello");
    std::set<std::string> offered;
    for (const auto& op : hello.header["result"]["operations"])
        offered.insert(op.get<std::string>());
    std::set<std::string> covered;
    for (const auto& row : matrix)
        covered.insert(row.op);
    EXPECT_EQ(covered, offered);

    std::map<std::string, std::unique_ptr<WireClient>> officers;
    const std::map<std::string, std::string> pins = {
        {"siti", "111111"}, {"hendra", "222222"}, {"budi", "333333"}, {"teknisi", "999999"}};
    for (const auto& who : everyone) {
        officers[who] = std::make_unique<WireClient>(context_, daemon_.api_endpoint());
        if (!who.empty())
            officers[who]->login(who, pins.at(who));
    }
    for (const auto& row : matrix) {
        std::vector<std::string> order;
        for (const auto& who : everyone)
            if (!row.allowed.contains(who))
                order.push_back(who);
        for (const auto& who : everyone)
            if (row.allowed.contains(who))
                order.push_back(who);
        for (const auto& who : order) {
            const auto reply = officers[who]->call(row.op, row.args, 60000);
            const auto code = reply.code();
            const auto label = row.op + " by " + (who.empty() ? "no session" : who);
            if (row.allowed.contains(who)) {
                EXPECT_NE(code, "forbidden") << label << ": " << reply.header;
                EXPECT_NE(code, "unauthenticated") << label << ": " << reply.header;
            } else {
                EXPECT_EQ(code, who.empty() ? "unauthenticated" : "forbidden")
                    << label << ": " << reply.header;
            }
        }
    }
    // The harmless arguments were harmless: nothing was issued, cancelled
    // or voided.
    EXPECT_EQ(get(at_four)["state"], "open");
    EXPECT_TRUE(get(at_five)["card_attempts"].empty());
    EXPECT_EQ(get(at_six)["card_attempts"][0]["chip_uid"], uid);
}

// A technician sees an application without its NIK and KK.
TEST_F(SopIntegrityTest, ATechnicianSeesApplicationsWithoutIdentity)
{
    const auto opened = siti_.call("application.open", kApplicant);
    const auto app = opened.header["result"].value("id", std::string{});
    const auto seen = teknisi_.call("application.get", {{"application", app}});
    ASSERT_TRUE(seen.ok()) << seen.header;
    EXPECT_FALSE(seen.header["result"].contains("nik"));
    EXPECT_FALSE(seen.header["result"].contains("kk"));
    EXPECT_EQ(seen.header["result"]["nik_masked"], "3508**********01");
    EXPECT_EQ(siti_.call("application.get", {{"application", app}}).header["result"]["nik"],
              "3508015203900001");
}

} // namespace
} // namespace ktpel::test

namespace ktpel::test {
namespace {

// Held samples live in memory only: after a restart the step in progress
// asks for its captures again instead of completing on facts whose samples
// are gone.
TEST(SopIntegrityRestart, CapturesOfTheStepInProgressDoNotCountAfterARestart)
{
    TempDir dir;
    std::string app;
    {
        DaemonProcess daemon(dir.path());
        zmq::context_t context;
        WireClient siti(context, daemon.api_endpoint()), hendra(context, daemon.api_endpoint()),
            budi(context, daemon.api_endpoint());
        siti.login("siti", "111111");
        hendra.login("hendra", "222222");
        budi.login("budi", "333333");
        app = open_at_step_four(siti, hendra, budi);
        ASSERT_FALSE(app.empty());
        const auto slap =
            budi.call("fingerprint.capture", {{"application", app}, {"slot", "thumbs"}}, 60000);
        ASSERT_TRUE(slap.ok()) << slap.header;
        const auto before = budi.call("application.get", {{"application", app}});
        const auto& missing = before.header["result"]["current_step"]["evidence"]["missing"];
        EXPECT_EQ(std::count(missing.begin(), missing.end(), "fingerprints.thumbs"), 0) << missing;
        daemon.stop(SIGKILL);
    }
    DaemonProcess daemon(dir.path());
    zmq::context_t context;
    WireClient budi(context, daemon.api_endpoint());
    budi.login("budi", "333333");
    const auto after = budi.call("application.get", {{"application", app}});
    const auto& missing = after.header["result"]["current_step"]["evidence"]["missing"];
    EXPECT_EQ(std::count(missing.begin(), missing.end(), "fingerprints.thumbs"), 1) << missing;
    // The register still shows the capture was taken.
    EXPECT_FALSE(after.header["result"]["captures"].empty());
}

} // namespace
} // namespace ktpel::test
