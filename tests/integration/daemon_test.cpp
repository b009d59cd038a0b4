// SPDX-License-Identifier: Apache-2.0
// The real ktpeld binary on temp ipc endpoints, over real ZeroMQ.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "daemon_process.hpp"
#include "wire_client.hpp"

namespace ktpel::test {
namespace {

using namespace std::chrono_literals;

class DaemonTest : public ::testing::Test
{
protected:
    DaemonTest() : daemon_(dir_.path()), client_(context_, daemon_.api_endpoint())
    {
        client_.login(kTechnician, kTechnicianPin);
    }

    TempDir dir_;
    DaemonProcess daemon_;
    zmq::context_t context_;
    WireClient client_;
};

TEST_F(DaemonTest, HelloDescribesTheDaemon)
{
    const auto reply = client_.call("hello");
    ASSERT_TRUE(reply.ok()) << reply.header;
    EXPECT_EQ(reply.header["result"]["protocol"], 1);
    EXPECT_EQ(reply.header["result"]["daemon"], KTPEL_VERSION);
    const auto& ops = reply.header["result"]["operations"];
    EXPECT_NE(std::find(ops.begin(), ops.end(), "fingerprint.capture"), ops.end());
}

TEST_F(DaemonTest, TheDefaultStationHasAllSixClassesReady)
{
    const auto reply = client_.call("device.list");
    ASSERT_TRUE(reply.ok());
    std::set<std::string> classes;
    for (const auto& device : reply.header["result"]["devices"]) {
        EXPECT_EQ(device["state"], "ready") << device;
        EXPECT_TRUE(device["simulated"].get<bool>());
        classes.insert(device["class"].get<std::string>());
    }
    EXPECT_EQ(classes, (std::set<std::string>{"fingerprint_scanner", "iris_scanner", "camera",
                                              "card_printer", "card_encoder", "signature_pad"}));
    EXPECT_EQ(client_.call("device.status", {{"device", "nope"}}).code(), "not_found");
}

TEST_F(DaemonTest, SocketsAreNeverWorldAccessible)
{
    const auto run = dir_.path() + "/run";
    struct stat info
    {
    };
    ASSERT_EQ(::stat(run.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0750u);
    for (const auto* name : {"/api.sock", "/events.sock"}) {
        ASSERT_EQ(::stat((run + name).c_str(), &info), 0);
        EXPECT_EQ(info.st_mode & 0777, 0660u) << name;
    }
}

TEST_F(DaemonTest, FingerprintCaptureReturnsTheRasterAsABlob)
{
    const auto reply = client_.call("fingerprint.capture", {{"slot", "right_four"}});
    ASSERT_TRUE(reply.ok()) << reply.header;
    const auto& image = reply.header["result"]["image"];
    EXPECT_EQ(image["frame"], 1);
    EXPECT_EQ(image["format"], "gray8");
    EXPECT_EQ(image["ppi"], 500);
    EXPECT_EQ(reply.blobs[0].size(),
              image["width"].get<std::size_t>() * image["height"].get<std::size_t>());
    EXPECT_EQ(reply.header["result"]["slot"], "right_four");
    // The daemon's own analysis: per finger found, its fingertip image and
    // an ISO/IEC 19794-2 template, each a blob of its own.
    const auto& result = reply.header["result"];
    EXPECT_EQ(result["expected"], 4);
    ASSERT_EQ(reply.blobs.size(), 1 + 2 * result["fingers"].size());
    for (const auto& finger : result["fingers"]) {
        EXPECT_GE(finger["quality"].get<int>(), 0);
        EXPECT_LE(finger["quality"].get<int>(), 100);
        EXPECT_EQ(finger["position"].get<std::string>().rfind("right_", 0), 0u) << finger;
        const auto& crop = result[finger["image"].get<std::string>()];
        EXPECT_EQ(reply.blobs.at(crop["frame"].get<std::size_t>() - 1).size(),
                  crop["width"].get<std::size_t>() * crop["height"].get<std::size_t>());
        const auto& record = result[finger["template"].get<std::string>()];
        EXPECT_EQ(record["format"], "iso19794-2:2005");
        EXPECT_EQ(reply.blobs.at(record["frame"].get<std::size_t>() - 1).substr(0, 8),
                  std::string("FMR\0 20\0", 8));
    }
    EXPECT_EQ(reply.header["result"]["serial"], "SIM-FP-0001");
}

TEST_F(DaemonTest, ProgressAndDoneEventsCarryTheRequestId)
{
    zmq::socket_t events(context_, zmq::socket_type::sub);
    events.set(zmq::sockopt::subscribe, "op.");
    events.set(zmq::sockopt::rcvtimeo, 10000);
    events.connect(daemon_.events_endpoint());
    std::this_thread::sleep_for(200ms); // let the subscription reach the PUB socket
    ASSERT_TRUE(client_.call("fingerprint.capture").ok());
    std::vector<nlohmann::json> seen;
    while (seen.empty() || seen.back()["topic"] != "op.done") {
        std::vector<zmq::message_t> frames;
        ASSERT_TRUE(zmq::recv_multipart(events, std::back_inserter(frames)));
        ASSERT_GE(frames.size(), 2u);
        seen.push_back(nlohmann::json::parse(frames[1].to_string()));
        EXPECT_EQ(frames[0].to_string(), seen.back()["topic"]);
    }
    std::set<std::string> stages;
    std::uint64_t last_progress_seq = 0;
    for (const auto& event : seen) {
        EXPECT_EQ(event["data"]["id"], "w1");
        if (event["topic"] == "op.progress") {
            stages.insert(event["data"]["stage"].get<std::string>());
            EXPECT_GT(event["seq"].get<std::uint64_t>(), last_progress_seq);
            last_progress_seq = event["seq"];
        }
    }
    EXPECT_TRUE(stages.contains("subject_detected"));
    EXPECT_TRUE(stages.contains("transferring"));
    EXPECT_TRUE(seen.back()["data"]["ok"].get<bool>());
}

TEST_F(DaemonTest, ALongCaptureDoesNotDelayOtherClients)
{
    ASSERT_TRUE(client_
                    .call("sim.inject",
                          {{"device", "fingerprint0"}, {"fault", "subject_delay"}, {"ms", 5000}})
                    .ok());
    client_.send_request("slow", "fingerprint.capture", {{"timeout_ms", 15000}});
    std::this_thread::sleep_for(200ms);
    WireClient other(context_, daemon_.api_endpoint());
    other.login(kTechnician, kTechnicianPin);
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < 20; ++i) {
        const auto reply = other.call("device.status", {{"device", "iris0"}}, 2000);
        ASSERT_TRUE(reply.ok());
    }
    const auto status = other.call("device.status", {{"device", "fingerprint0"}}, 2000);
    EXPECT_EQ(status.header["result"]["state"], "busy");
    EXPECT_EQ(other.call("fingerprint.capture", {}, 2000).code(), "device_busy");
    // Served while the capture waits: well before its 5 s are up.
    EXPECT_LT(std::chrono::steady_clock::now() - started, 4s);
    const auto slow = client_.receive(20000);
    EXPECT_EQ(slow.header["id"], "slow");
    EXPECT_TRUE(slow.ok()) << slow.header;
}

TEST_F(DaemonTest, ABurstOfPipelinedRequestsIsAllAnswered)
{
    constexpr int kBurst = 1000;
    for (int i = 0; i < kBurst; ++i)
        client_.send_request("b" + std::to_string(i), "device.status", {{"device", "printer0"}});
    std::set<std::string> answered;
    for (int i = 0; i < kBurst; ++i) {
        const auto reply = client_.receive(10000);
        ASSERT_TRUE(reply.ok()) << reply.header;
        answered.insert(reply.header["id"].get<std::string>());
    }
    EXPECT_EQ(answered.size(), static_cast<std::size_t>(kBurst));
}

TEST_F(DaemonTest, BadInputGetsTypedErrorsAndTheDaemonKeepsServing)
{
    const auto code_for = [&](const std::vector<std::string>& frames) {
        client_.send_frames(frames);
        return client_.receive(5000).code();
    };
    EXPECT_EQ(code_for({"\x01\x02garbage"}), "bad_request");
    EXPECT_EQ(code_for({"{\"v\":1,\"id\":\"u\",\"op\":\"hello\xc3\x28\"}"}),
              "bad_request"); // invalid UTF-8
    EXPECT_EQ(code_for({"[1,2,3]"}), "bad_request");
    EXPECT_EQ(code_for({R"({"v":1,"id":"m"})"}), "bad_request");
    EXPECT_EQ(code_for({R"({"v":1,"id":"t","op":42})"}), "bad_request");
    EXPECT_EQ(code_for({R"({"v":2,"id":"v","op":"hello"})"}), "unsupported_version");
    const auto& token = client_.token();
    EXPECT_EQ(
        code_for({request_header("h", "fingerprint.capture", {{"timeout_ms", 1e300}}, token)}),
        "invalid_args");
    EXPECT_EQ(code_for({request_header("h2", "fingerprint.capture",
                                       {{"timeout_ms", 18446744073709551615ull}}, token)}),
              "invalid_args");
    EXPECT_EQ(code_for({request_header("n", "fingerprint.capture", {{"slot", "toes"}}, token)}),
              "invalid_args");
    EXPECT_EQ(code_for({request_header("x", "device.list", {{"bogus", 1}})}), "invalid_args");
    EXPECT_EQ(code_for({request_header("o", "no.such.op")}), "unknown_op");
    EXPECT_EQ(code_for({request_header(
                  "z", "sim.inject", {{"device", "fingerprint0"}, {"fault", "gremlins"}}, token)}),
              "invalid_args");
    EXPECT_EQ(code_for({request_header("u", "sim.inject",
                                       {{"device", "fingerprint0"}, {"fault", "unplug"}})}),
              "unauthenticated");

    std::vector<std::string> many(10000, "x");
    many[0] = request_header("many", "hello");
    EXPECT_EQ(code_for(many), "too_large");
    EXPECT_EQ(code_for({request_header("big", "hello"), std::string(17 * 1024 * 1024, 'b')}),
              "too_large");
    EXPECT_EQ(code_for({std::string(70 * 1024, ' ') + request_header("hdr", "hello")}),
              "too_large");

    // Still serving, and the simulated scanner still works.
    EXPECT_TRUE(client_.call("hello").ok());
    EXPECT_TRUE(client_.call("fingerprint.capture").ok());
}

TEST_F(DaemonTest, UnplugMidCaptureThenReplugRecoversWithoutRestart)
{
    ASSERT_TRUE(client_
                    .call("sim.inject",
                          {{"device", "fingerprint0"}, {"fault", "subject_delay"}, {"ms", 3000}})
                    .ok());
    client_.send_request("cap", "fingerprint.capture");
    std::this_thread::sleep_for(300ms);
    WireClient technician(context_, daemon_.api_endpoint());
    technician.login(kTechnician, kTechnicianPin);
    ASSERT_TRUE(
        technician.call("sim.inject", {{"device", "fingerprint0"}, {"fault", "unplug"}}).ok());
    const auto failed = client_.receive(10000);
    EXPECT_EQ(failed.code(), "device_absent") << failed.header;
    EXPECT_EQ(client_.call("device.status", {{"device", "fingerprint0"}}).header["result"]["state"],
              "absent");
    EXPECT_EQ(client_.call("fingerprint.capture").code(), "device_absent");

    ASSERT_TRUE(
        technician.call("sim.inject", {{"device", "fingerprint0"}, {"fault", "replug"}}).ok());
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (client_.call("device.status", {{"device", "fingerprint0"}}).header["result"]["state"] !=
               "ready" &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    ASSERT_TRUE(client_.call("sim.inject", {{"device", "fingerprint0"}, {"fault", "clear"}}).ok());
    EXPECT_TRUE(client_.call("fingerprint.capture").ok());
}

TEST_F(DaemonTest, FaultsGiveTypedErrors)
{
    const auto fault_then_capture = [&](const std::string& fault) {
        EXPECT_TRUE(
            client_.call("sim.inject", {{"device", "fingerprint0"}, {"fault", fault}}).ok());
        auto reply = client_.call("fingerprint.capture", {{"timeout_ms", 600}});
        client_.call("sim.inject", {{"device", "fingerprint0"}, {"fault", "clear"}});
        return reply;
    };
    EXPECT_EQ(fault_then_capture("no_subject").code(), "no_subject");
    const auto stalled = fault_then_capture("stall");
    EXPECT_EQ(stalled.code(), "device_error");
    EXPECT_EQ(stalled.header["error"]["details"]["reason"], "endpoint_stalled");
    const auto hung = fault_then_capture("hang");
    EXPECT_EQ(hung.code(), "device_error");
    EXPECT_EQ(hung.header["error"]["details"]["reason"], "device_not_responding");
    EXPECT_EQ(fault_then_capture("timeout").code(), "timeout");
    EXPECT_TRUE(client_.call("fingerprint.capture").ok());
}

TEST_F(DaemonTest, CancelStopsAnInFlightCapture)
{
    ASSERT_TRUE(client_
                    .call("sim.inject",
                          {{"device", "fingerprint0"}, {"fault", "subject_delay"}, {"ms", 20000}})
                    .ok());
    client_.send_request("long", "fingerprint.capture", {{"timeout_ms", 30000}});
    std::this_thread::sleep_for(300ms);
    client_.send_request("c", "op.cancel", {{"id", "long"}});
    std::map<std::string, WireReply> replies;
    for (int i = 0; i < 2; ++i) {
        auto reply = client_.receive(10000);
        replies[reply.header["id"]] = reply;
    }
    EXPECT_TRUE(replies["c"].ok());
    EXPECT_EQ(replies["long"].code(), "cancelled");
    EXPECT_EQ(client_.call("op.cancel", {{"id", "long"}}).code(), "not_found");
}

TEST_F(DaemonTest, AReplyToAVanishedClientIsDroppedAndServingGoesOn)
{
    ASSERT_TRUE(client_
                    .call("sim.inject",
                          {{"device", "fingerprint0"}, {"fault", "subject_delay"}, {"ms", 800}})
                    .ok());
    {
        WireClient leaver(context_, daemon_.api_endpoint());
        leaver.login(kTechnician, kTechnicianPin);
        leaver.send_request("gone", "fingerprint.capture");
        std::this_thread::sleep_for(200ms);
    } // closed with LINGER 0: the daemon's reply has nowhere to go
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (daemon_.stderr_text().find("client left before its reply to request gone") ==
               std::string::npos &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    EXPECT_NE(daemon_.stderr_text().find("client left before its reply to request gone"),
              std::string::npos)
        << daemon_.stderr_text();
    EXPECT_EQ(client_.call("device.status", {{"device", "fingerprint0"}}).header["result"]["state"],
              "ready");
    EXPECT_TRUE(client_.call("hello").ok());
}

TEST_F(DaemonTest, SimInjectRefusesRealDevicesAndUnknownDevices)
{
    EXPECT_EQ(client_.call("sim.inject", {{"device", "nope"}, {"fault", "unplug"}}).code(),
              "not_found");
    EXPECT_EQ(client_.call("sim.inject", {{"device", "fingerprint0"}}).code(), "invalid_args");
}

TEST_F(DaemonTest, OtherClassesAnswerTheirBasicOperation)
{
    const auto iris = client_.call("iris.capture");
    ASSERT_TRUE(iris.ok()) << iris.header;
    // Both eyes and their ISO/IEC 19794-6 record.
    EXPECT_EQ(iris.blobs.size(), 3u);
    EXPECT_EQ(iris.blobs[0].size(), 640u * 480u);
    EXPECT_EQ(iris.header["result"]["record"]["format"], "iso19794-6:2011");
    // The PTP camera's own JPEG and the 3:4 card portrait.
    const auto photo = client_.call("camera.capture");
    ASSERT_TRUE(photo.ok()) << photo.header;
    ASSERT_EQ(photo.blobs.size(), 2u);
    EXPECT_EQ(photo.header["result"]["photo"]["format"], "image/jpeg");
    EXPECT_EQ(photo.header["result"]["portrait"]["aspect"], "3:4");
    const auto printer = client_.call("printer.status");
    ASSERT_TRUE(printer.ok());
    EXPECT_EQ(printer.header["result"]["condition"], "ready");
    ASSERT_TRUE(client_.call("sim.inject", {{"device", "printer0"}, {"fault", "cover_open"}}).ok());
    EXPECT_EQ(client_.call("printer.status").header["result"]["condition"], "cover_open");
    // The device model shows it too, until the printer is well again.
    const auto printer_device =
        client_.call("device.status", {{"device", "printer0"}}).header["result"];
    EXPECT_EQ(printer_device["state"], "error");
    EXPECT_EQ(printer_device["reason"], "cover_open");
    ASSERT_TRUE(client_.call("sim.inject", {{"device", "printer0"}, {"fault", "clear"}}).ok());
    ASSERT_TRUE(client_.call("printer.status").ok());
    EXPECT_EQ(client_.call("device.status", {{"device", "printer0"}}).header["result"]["state"],
              "ready");
    // The encoder's slot is empty until a card reaches it.
    const auto empty = client_.call("encoder.detect");
    ASSERT_TRUE(empty.ok()) << empty.header;
    EXPECT_FALSE(empty.header["result"]["present"].get<bool>());
    ASSERT_TRUE(
        client_.call("sim.inject", {{"device", "encoder0"}, {"fault", "card_inserted"}}).ok());
    const auto card = client_.call("encoder.detect");
    ASSERT_TRUE(card.ok());
    EXPECT_TRUE(card.header["result"]["present"].get<bool>());
    ASSERT_TRUE(
        client_.call("sim.inject", {{"device", "encoder0"}, {"fault", "card_removed"}}).ok());
    EXPECT_FALSE(client_.call("encoder.detect").header["result"]["present"].get<bool>());
}

TEST_F(DaemonTest, SnapshotSequencesLineUpWithEvents)
{
    const auto before = client_.call("events.snapshot").header["result"]["sequences"];
    ASSERT_TRUE(client_.call("sim.inject", {{"device", "iris0"}, {"fault", "unplug"}}).ok());
    const auto after = client_.call("events.snapshot").header["result"];
    EXPECT_GT(after["sequences"]["device.status"].get<std::uint64_t>(),
              before["device.status"].get<std::uint64_t>());
    EXPECT_EQ(after["sequences"]["device.removed"], 1);
}

TEST_F(DaemonTest, ASecondDaemonOnTheSameRuntimeDirectoryRefuses)
{
    const auto [status, output] = run_ktpeld({"--config", KTPEL_SOURCE_DIR "/config/ktpeld.yaml",
                                              "--runtime-dir", dir_.path() + "/run"});
    EXPECT_EQ(status, 3);
    EXPECT_NE(output.find("already serving"), std::string::npos) << output;
    // The first one still owns and serves its sockets.
    EXPECT_TRUE(client_.call("hello").ok());
}

TEST_F(DaemonTest, SigtermMidCaptureRepliesCancelledAndExitsZero)
{
    ASSERT_TRUE(client_
                    .call("sim.inject",
                          {{"device", "fingerprint0"}, {"fault", "subject_delay"}, {"ms", 20000}})
                    .ok());
    client_.send_request("inflight", "fingerprint.capture", {{"timeout_ms", 30000}});
    std::this_thread::sleep_for(300ms);
    const auto started = std::chrono::steady_clock::now();
    ::kill(daemon_.pid(), SIGTERM);
    const auto reply = client_.receive(10000);
    EXPECT_EQ(reply.code(), "cancelled");
    EXPECT_EQ(daemon_.wait_exit(10s), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 8s);
    EXPECT_NE(daemon_.stderr_text().find("<5>ktpeld stopped"), std::string::npos);
}

TEST(DaemonConfig, BrokenConfigurationsStopTheDaemonWithALocation)
{
    TempDir dir;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"devices: [\n  {id: a,\n", ":3:1:"},                          // syntax
        {"devices: []\nlimitz: {}\n", ":2:1: unknown key \"limitz\""}, // unknown key
        {"devices: []\nlimits:\n  max_frames: lots\n", ":3:15:"},      // wrong type
        {"devices:\n  - id: fp\n    match: {usb: \"2e5a:0f01\"}\n",
         "missing required key \"driver\""},
    };
    for (const auto& [text, expected] : cases) {
        const auto path = dir.path() + "/broken.yaml";
        {
            std::ofstream(path) << text;
        }
        const auto [status, output] =
            run_ktpeld({"--config", path, "--runtime-dir", dir.path() + "/run"});
        EXPECT_EQ(status, 2) << text;
        EXPECT_NE(output.find(path), std::string::npos) << output;
        EXPECT_NE(output.find(expected), std::string::npos) << output;
        EXPECT_EQ(output.rfind("<3>", 0), 0u) << output;
    }
}

} // namespace
} // namespace ktpel::test
