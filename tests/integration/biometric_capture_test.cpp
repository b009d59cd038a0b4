// SPDX-License-Identifier: Apache-2.0
// Step 4's captures through the real daemon and the emulators' synthetic
// applicant: auto-capture to a quality threshold with live previews, the
// best frame at timeout, declared exceptions, wrong hand, a finger captured
// twice, eyes that cannot be captured, the face photo's checks, and unplug
// mid-stream.
#include <algorithm>
#include <future>
#include <map>
#include <thread>

#include <gtest/gtest.h>

#include "daemon_process.hpp"
#include "service_steps.hpp"
#include "wire_client.hpp"

namespace ktpel::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class BiometricCaptureTest : public ::testing::Test
{
protected:
    BiometricCaptureTest() : daemon_(dir_.path()), client_(context_, daemon_.api_endpoint())
    {
        client_.login(kTechnician, kTechnicianPin);
    }

    void inject(const std::string& device, const std::string& fault, json args = json::object())
    {
        // A fault's own arguments sit beside "device" and "fault".
        args["device"] = device;
        args["fault"] = fault;
        const auto reply = client_.call("sim.inject", args);
        ASSERT_TRUE(reply.ok()) << reply.header;
    }

    static std::vector<std::string> reasons(const WireReply& reply)
    {
        return reply.header["result"]["prompt"]["reasons"].get<std::vector<std::string>>();
    }

    TempDir dir_;
    DaemonProcess daemon_;
    zmq::context_t context_;
    WireClient client_;
};

TEST_F(BiometricCaptureTest, AutoCaptureReachesTheThresholdAndPreviewsEveryFrame)
{
    zmq::socket_t events(context_, zmq::socket_type::sub);
    events.set(zmq::sockopt::subscribe, "op.preview");
    events.set(zmq::sockopt::rcvtimeo, 200);
    events.connect(daemon_.events_endpoint());
    std::this_thread::sleep_for(200ms); // let the subscription reach the PUB socket

    const auto reply =
        client_.call("fingerprint.capture", {{"slot", "left_four"}, {"quality", 30}}, 30000);
    ASSERT_TRUE(reply.ok()) << reply.header;
    const auto& result = reply.header["result"];
    EXPECT_EQ(result["auto_capture"]["mode"], "auto");
    EXPECT_EQ(result["auto_capture"]["outcome"], "threshold_met") << result;
    EXPECT_GE(result["score"].get<int>(), 30);
    EXPECT_EQ(result["count"], "as_expected");
    EXPECT_EQ(result["prompt"]["action"], "none");
    ASSERT_EQ(result["fingers"].size(), 4u);
    for (const auto& finger : result["fingers"]) {
        EXPECT_EQ(finger["position"].get<std::string>().rfind("left_", 0), 0u) << finger;
        EXPECT_GE(finger["quality"].get<int>(), 30) << finger;
        EXPECT_GE(finger["minutiae"].get<int>(), 12) << finger; // a real pattern, not rings
    }
    // The landing frames were seen, and judged worse than the chosen one.
    EXPECT_GE(result["auto_capture"]["frames_seen"].get<int>(), 2);

    std::size_t previews = 0;
    for (;;) {
        std::vector<zmq::message_t> frames;
        if (!zmq::recv_multipart(events, std::back_inserter(frames)))
            break;
        ASSERT_EQ(frames.size(), 3u); // topic, header, the preview image
        const auto header = json::parse(frames[1].to_string())["data"];
        EXPECT_EQ(header["id"], reply.header["id"]);
        const auto& image = header["image"];
        EXPECT_EQ(image["format"], "gray8");
        EXPECT_LE(image["width"].get<int>(), 320);
        EXPECT_EQ(frames[2].size(),
                  image["width"].get<std::size_t>() * image["height"].get<std::size_t>());
        // A preview is never the sample.
        EXPECT_LT(frames[2].size(), reply.blobs[0].size());
        ++previews;
    }
    EXPECT_EQ(previews, result["auto_capture"]["frames_seen"].get<std::size_t>());
}

TEST_F(BiometricCaptureTest, PoorQualityGivesTheBestFrameAtTimeoutWithARetakePrompt)
{
    inject("fingerprint0", "poor_quality");
    const auto reply =
        client_.call("fingerprint.capture",
                     {{"slot", "right_four"}, {"quality", 90}, {"timeout_ms", 2500}}, 30000);
    ASSERT_TRUE(reply.ok()) << reply.header;
    const auto& result = reply.header["result"];
    EXPECT_EQ(result["auto_capture"]["outcome"], "best_at_timeout");
    EXPECT_EQ(result["auto_capture"]["stream_end"], "timed_out");
    EXPECT_LT(result["score"].get<int>(), 90);
    EXPECT_EQ(result["prompt"]["action"], "retake");
    const auto why = reasons(reply);
    EXPECT_FALSE(why.empty());
    // The daemon still delivered the best slap it saw.
    EXPECT_EQ(reply.blobs[0].size(), 1600u * 1500u);
}

TEST_F(BiometricCaptureTest, DeclaredMissingFingersSetTheExpectedCount)
{
    inject("fingerprint0", "missing_fingers", {{"fingers", {"left_ring"}}});
    const auto undeclared =
        client_.call("fingerprint.capture",
                     {{"slot", "left_four"}, {"quality", 20}, {"timeout_ms", 3000}}, 30000);
    ASSERT_TRUE(undeclared.ok()) << undeclared.header;
    EXPECT_EQ(undeclared.header["result"]["count"], "fewer_than_expected")
        << undeclared.header["result"];
    EXPECT_EQ(undeclared.header["result"]["prompt"]["action"], "retake");

    const auto declared =
        client_.call("fingerprint.capture",
                     {{"slot", "left_four"}, {"quality", 20}, {"missing", {"left_ring"}}}, 30000);
    ASSERT_TRUE(declared.ok()) << declared.header;
    const auto& result = declared.header["result"];
    EXPECT_EQ(result["expected"], 3);
    EXPECT_EQ(result["found"], 3);
    EXPECT_EQ(result["count"], "as_expected");
    EXPECT_EQ(result["missing_declared"], json({"left_ring"}));
    for (const auto& finger : result["fingers"])
        EXPECT_NE(finger["position"], "left_ring");
}

TEST_F(BiometricCaptureTest, TheWrongHandIsReported)
{
    inject("fingerprint0", "wrong_hand");
    const auto reply =
        client_.call("fingerprint.capture", {{"slot", "left_four"}, {"auto", false}}, 30000);
    ASSERT_TRUE(reply.ok()) << reply.header;
    EXPECT_TRUE(reply.header["result"]["wrong_hand_suspected"].get<bool>())
        << reply.header["result"];
    const auto why = reasons(reply);
    EXPECT_NE(std::find(why.begin(), why.end(), "wrong_hand_suspected"), why.end());
}

TEST_F(BiometricCaptureTest, OneFingerForTheActivationCheck)
{
    const auto reply =
        client_.call("fingerprint.capture",
                     {{"slot", "single"}, {"finger", "right_index"}, {"quality", 20}}, 30000);
    ASSERT_TRUE(reply.ok()) << reply.header;
    const auto& result = reply.header["result"];
    ASSERT_EQ(result["fingers"].size(), 1u) << result;
    EXPECT_EQ(
        client_.call("fingerprint.capture", {{"slot", "left_four"}, {"finger", "right_index"}})
            .code(),
        "invalid_args");
}

TEST_F(BiometricCaptureTest, BothIrisesWithQualityAndAnIsoRecord)
{
    const auto reply = client_.call("iris.capture", {{"quality", 30}}, 30000);
    ASSERT_TRUE(reply.ok()) << reply.header;
    const auto& result = reply.header["result"];
    EXPECT_EQ(result["auto_capture"]["outcome"], "threshold_met") << result;
    for (const auto* side : {"right", "left"}) {
        EXPECT_EQ(result["eyes"][side]["status"], "ok") << result["eyes"];
        EXPECT_GE(result["eyes"][side]["quality"].get<int>(), 30);
        EXPECT_GT(result["eyes"][side]["measures"]["iris_radius_px"].get<double>(), 40.0);
    }
    EXPECT_EQ(result["record"]["eyes"], 2);
    const auto& record = reply.blobs.at(result["record"]["frame"].get<std::size_t>() - 1);
    EXPECT_EQ(record.substr(0, 4), std::string("IIR\0", 4));
}

TEST_F(BiometricCaptureTest, AnEyeThatCannotBeCapturedIsPromptedOrDeclared)
{
    inject("iris0", "eye", {{"right", "closed"}});
    const auto undeclared = client_.call("iris.capture", {{"timeout_ms", 2000}}, 30000);
    ASSERT_TRUE(undeclared.ok()) << undeclared.header;
    EXPECT_EQ(undeclared.header["result"]["eyes"]["right"]["status"], "no_eye_found");
    const auto why = reasons(undeclared);
    EXPECT_NE(std::find(why.begin(), why.end(), "right_eye_not_found"), why.end());

    const auto declared =
        client_.call("iris.capture", {{"missing", {"right"}}, {"quality", 30}}, 30000);
    ASSERT_TRUE(declared.ok()) << declared.header;
    const auto& result = declared.header["result"];
    EXPECT_EQ(result["eyes"]["right"]["status"], "declared_missing");
    EXPECT_FALSE(result.contains("right")); // no pixels kept for a declared exception
    EXPECT_EQ(result["record"]["eyes"], 1);
    EXPECT_EQ(result["prompt"]["action"], "none");
    EXPECT_EQ(client_.call("iris.capture", {{"missing", {"right", "left"}}}).code(),
              "invalid_args");
}

TEST_F(BiometricCaptureTest, TheFacePhotoIsCheckedAndCropped)
{
    const auto reply = client_.call("camera.capture", {}, 30000);
    ASSERT_TRUE(reply.ok()) << reply.header;
    const auto& result = reply.header["result"];
    ASSERT_EQ(result["checks"].size(), 5u);
    for (const auto& check : result["checks"])
        EXPECT_TRUE(check["passed"].get<bool>()) << check;
    EXPECT_EQ(result["prompt"]["action"], "none");
    const auto width = result["portrait"]["width"].get<int>();
    const auto height = result["portrait"]["height"].get<int>();
    EXPECT_EQ(width * 4, height * 3);
    EXPECT_EQ(reply.blobs[1].substr(0, 2), std::string("\xff\xd8", 2)); // a JPEG
}

TEST_F(BiometricCaptureTest, TheSignatureIsDrawnLiveRenderedAndChecked)
{
    zmq::socket_t events(context_, zmq::socket_type::sub);
    events.set(zmq::sockopt::subscribe, "op.preview");
    events.set(zmq::sockopt::rcvtimeo, 200);
    events.connect(daemon_.events_endpoint());
    std::this_thread::sleep_for(200ms);

    const auto reply = client_.call("signature.capture", {}, 60000);
    ASSERT_TRUE(reply.ok()) << reply.header;
    const auto& result = reply.header["result"];
    EXPECT_EQ(reply.blobs.at(0).substr(1, 3), "PNG");
    EXPECT_EQ(result["signature"]["width"], 600);
    EXPECT_EQ(result["signature"]["height"], 200);
    const auto samples = result["pen_data"]["samples"].get<std::size_t>();
    EXPECT_GT(samples, 100u);
    EXPECT_EQ(reply.blobs.at(1).size(), samples * 11);
    EXPECT_EQ(result["finished_by"], "ok_button");
    EXPECT_EQ(result["prompt"]["action"], "none") << result;
    EXPECT_GE(result["measures"]["strokes"].get<int>(), 1);

    std::size_t previews = 0;
    for (;;) {
        std::vector<zmq::message_t> frames;
        if (!zmq::recv_multipart(events, std::back_inserter(frames)))
            break;
        ASSERT_EQ(frames.size(), 3u);
        ++previews;
    }
    EXPECT_GE(previews, 3u); // the pen moves for seconds; previews every 150 ms
}

TEST_F(BiometricCaptureTest, AShortSignatureIsPromptedAndTheCancelButtonCancels)
{
    inject("signature0", "pen_lift");
    const auto short_one = client_.call("signature.capture", {}, 60000);
    ASSERT_TRUE(short_one.ok()) << short_one.header;
    EXPECT_EQ(short_one.header["result"]["prompt"]["action"], "retake");
    inject("signature0", "cancel_button");
    EXPECT_EQ(client_.call("signature.capture", {}, 60000).code(), "cancelled");
    EXPECT_TRUE(client_.call("signature.clear").ok());
}

TEST_F(BiometricCaptureTest, UnplugMidStreamThenReplugRecovers)
{
    inject("fingerprint0", "poor_quality"); // keeps the stream going
    auto pending = std::async(std::launch::async, [&] {
        WireClient other(context_, daemon_.api_endpoint());
        other.login(kTechnician, kTechnicianPin);
        return other.call("fingerprint.capture", {{"quality", 100}, {"timeout_ms", 20000}}, 30000);
    });
    std::this_thread::sleep_for(1500ms);
    inject("fingerprint0", "unplug");
    const auto failed = pending.get();
    EXPECT_EQ(failed.code(), "device_absent") << failed.header;
    inject("fingerprint0", "replug");
    for (int i = 0;
         i < 50 &&
         client_.call("device.status", {{"device", "fingerprint0"}}).header["result"]["state"] !=
             "ready";
         ++i)
        std::this_thread::sleep_for(100ms);
    inject("fingerprint0", "clear");
    const auto again = client_.call("fingerprint.capture", {{"quality", 20}}, 30000);
    EXPECT_TRUE(again.ok()) << again.header;
}

// Captures for an application at step 4, where the daemon compares each
// new finger with the fingers the application already holds.
class BiometricRecordingTest : public BiometricCaptureTest
{
protected:
    BiometricRecordingTest()
        : siti_(context_, daemon_.api_endpoint()), hendra_(context_, daemon_.api_endpoint()),
          budi_(context_, daemon_.api_endpoint())
    {
        siti_.login("siti", "111111");
        hendra_.login("hendra", "222222");
        budi_.login("budi", "333333");
    }

    // Opens an application and brings it to step 4 in progress.
    void at_step_four()
    {
        app_ = open_at_step_four(siti_, hendra_, budi_);
        ASSERT_FALSE(app_.empty());
    }

    // A fingerprint capture for the application; its result.
    json capture(json args)
    {
        args["application"] = app_;
        const auto reply = budi_.call("fingerprint.capture", args, 30000);
        EXPECT_TRUE(reply.ok()) << reply.header;
        return reply.header.value("result", json::object());
    }

    // A capture whose fingers are all new to the application.
    std::string capture_clean(json args)
    {
        const auto result = capture(std::move(args));
        EXPECT_EQ(result["duplicates"], json::array()) << result["duplicates"];
        EXPECT_EQ(result["prompt"]["action"], "none") << result["prompt"];
        for (const auto& finger : result["fingers"])
            EXPECT_FALSE(finger.contains("duplicate_of")) << finger;
        return result.value("capture", "");
    }

    static bool has_reason(const json& result, const std::string& reason)
    {
        const auto& why = result["prompt"]["reasons"];
        return std::find(why.begin(), why.end(), reason) != why.end();
    }

    WireClient siti_, hendra_, budi_;
    std::string app_;
};

TEST_F(BiometricRecordingTest, AFourFourTwoRecordingHasNoDuplicate)
{
    at_step_four();
    capture_clean({{"slot", "left_four"}});
    capture_clean({{"slot", "right_four"}});
    capture_clean({{"slot", "thumbs"}});
    // One finger again under its own position: a retake of that finger.
    capture_clean({{"slot", "single"}, {"finger", "right_index"}});
}

TEST_F(BiometricRecordingTest, ARetakeOfTheSameSlotIsNotADuplicate)
{
    at_step_four();
    const auto left = capture_clean({{"slot", "left_four"}});
    capture_clean({{"slot", "right_four"}});
    const auto retake = capture({{"slot", "left_four"}});
    EXPECT_EQ(retake["duplicates"], json::array()) << retake["duplicates"];
    EXPECT_EQ(retake["prompt"]["action"], "none") << retake["prompt"];
    EXPECT_EQ(retake["superseded"], left);
}

TEST_F(BiometricRecordingTest, TheLeftHandAgainInTheRightSlotIsADuplicate)
{
    at_step_four();
    const auto left = capture_clean({{"slot", "left_four"}});
    inject("fingerprint0", "wrong_hand");
    const auto result = capture({{"slot", "right_four"}, {"auto", false}});
    EXPECT_TRUE(has_reason(result, "duplicate_finger")) << result["prompt"];
    EXPECT_EQ(result["prompt"]["action"], "retake");
    EXPECT_EQ(result["score"], 0);
    // The platen shows left little..index where the right index..little
    // belong: each right finger named is a left finger already held.
    const std::map<std::string, std::string> shown = {{"right_index", "left_little"},
                                                      {"right_middle", "left_ring"},
                                                      {"right_ring", "left_middle"},
                                                      {"right_little", "left_index"}};
    ASSERT_FALSE(result["duplicates"].empty()) << result;
    for (const auto& duplicate : result["duplicates"]) {
        const auto position = duplicate["position"].get<std::string>();
        ASSERT_TRUE(shown.contains(position)) << duplicate;
        EXPECT_EQ(duplicate["matches"], shown.at(position)) << duplicate;
        EXPECT_EQ(duplicate["capture"], left);
        EXPECT_GE(duplicate["score"].get<double>(), 0.052); // the same-finger threshold
    }
    std::size_t marked = 0;
    for (const auto& finger : result["fingers"]) {
        if (finger.contains("duplicate_of")) {
            EXPECT_EQ(finger["duplicate_of"], shown.at(finger["position"].get<std::string>()));
            ++marked;
        }
    }
    EXPECT_GE(marked, 1u);
}

TEST_F(BiometricRecordingTest, AFingerOfferedForAnotherPositionIsADuplicate)
{
    at_step_four();
    capture_clean({{"slot", "left_four"}});
    const auto right = capture_clean({{"slot", "right_four"}});
    // Asked for the right thumb, the applicant presents the right index
    // again: a good frame, so auto-capture settles on it, and the reply
    // prompts the retake at once.
    inject("fingerprint0", "wrong_finger", {{"finger", "right_index"}});
    const auto result = capture({{"slot", "single"}, {"finger", "right_thumb"}});
    EXPECT_EQ(result["auto_capture"]["outcome"], "threshold_met") << result["auto_capture"];
    EXPECT_EQ(result["prompt"]["action"], "retake");
    EXPECT_EQ(result["prompt"]["reasons"], json({"duplicate_finger"})) << result["prompt"];
    ASSERT_EQ(result["duplicates"].size(), 1u) << result["duplicates"];
    const auto& duplicate = result["duplicates"][0];
    EXPECT_EQ(duplicate["position"], "right_thumb");
    EXPECT_EQ(duplicate["matches"], "right_index");
    EXPECT_EQ(duplicate["capture"], right);
    ASSERT_EQ(result["fingers"].size(), 1u);
    EXPECT_EQ(result["fingers"][0]["duplicate_of"], "right_index");
}

} // namespace
} // namespace ktpel::test
