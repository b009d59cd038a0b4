// SPDX-License-Identifier: Apache-2.0
// Samples held for an application: capture ids, capture.get/list/discard,
// biometrics.bundle, retakes, SOP gating, and the wipe when the
// application closes, through the real daemon.
#include <algorithm>

#include <gtest/gtest.h>

#include "daemon_process.hpp"
#include "service_steps.hpp"
#include "wire_client.hpp"

namespace ktpel::test {
namespace {

class CaptureStoreTest : public ::testing::Test
{
protected:
    CaptureStoreTest()
        : daemon_(dir_.path(), station_config(dir_.path(), 1)),
          siti_(context_, daemon_.api_endpoint()), hendra_(context_, daemon_.api_endpoint()),
          budi_(context_, daemon_.api_endpoint()), teknisi_(context_, daemon_.api_endpoint())
    {
        siti_.login("siti", "111111");
        hendra_.login("hendra", "222222");
        budi_.login("budi", "333333");
        teknisi_.login(kTechnician, kTechnicianPin);
    }

    // Opens an application and brings it to step 4 in progress.
    void at_step_four()
    {
        app_ = open_at_step_four(siti_, hendra_, budi_);
        ASSERT_FALSE(app_.empty());
    }

    WireReply capture(const std::string& op, nlohmann::json args = nlohmann::json::object())
    {
        args["application"] = app_;
        return budi_.call(op, args, 30000);
    }

    TempDir dir_;
    DaemonProcess daemon_;
    zmq::context_t context_;
    WireClient siti_, hendra_, budi_, teknisi_;
    std::string app_;
};

TEST_F(CaptureStoreTest, ACaptureIsHeldUnderItsIdAndReturnedByteForByte)
{
    at_step_four();
    const auto slap = capture("fingerprint.capture", {{"slot", "left_four"}});
    ASSERT_TRUE(slap.ok()) << slap.header;
    const auto id = slap.header["result"]["capture"].get<std::string>();
    EXPECT_EQ(id.rfind("cap-", 0), 0u);
    EXPECT_EQ(id.size(), 36u);

    const auto got = budi_.call("capture.get", {{"capture", id}});
    ASSERT_TRUE(got.ok()) << got.header;
    const auto& result = got.header["result"];
    EXPECT_EQ(result["application"], app_);
    EXPECT_EQ(result["step"], "record_biometrics");
    EXPECT_EQ(result["operation"], "fingerprint.capture");
    EXPECT_EQ(result["metadata"]["slot"], "left_four");
    const auto& image = result["parts"]["image"];
    ASSERT_EQ(got.blobs.size(), slap.blobs.size()); // the slap, fingertips, templates
    EXPECT_EQ(got.blobs[image["frame"].get<std::size_t>() - 1], slap.blobs[0]);
    EXPECT_EQ(image["sha256"], slap.header["result"]["image"]["sha256"]);

    // Listed without samples.
    const auto listed = budi_.call("capture.list", {{"application", app_}});
    ASSERT_TRUE(listed.ok()) << listed.header;
    ASSERT_EQ(listed.header["result"]["captures"].size(), 1u);
    EXPECT_TRUE(listed.blobs.empty());
    const auto& parts = listed.header["result"]["captures"][0]["parts"];
    const auto image_part = std::find_if(parts.begin(), parts.end(),
                                         [](const auto& part) { return part["name"] == "image"; });
    ASSERT_NE(image_part, parts.end());
    EXPECT_EQ((*image_part)["bytes"], 1600 * 1500);
}

TEST_F(CaptureStoreTest, TheBundleHasOneOfEachAndARetakeReplacesTheEarlierSample)
{
    at_step_four();
    const auto first = capture("fingerprint.capture", {{"slot", "left_four"}});
    ASSERT_TRUE(first.ok());
    const auto retake = capture("fingerprint.capture", {{"slot", "left_four"}});
    ASSERT_TRUE(retake.ok());
    EXPECT_EQ(retake.header["result"]["superseded"], first.header["result"]["capture"]);
    EXPECT_EQ(budi_.call("capture.get", {{"capture", first.header["result"]["capture"]}}).code(),
              "not_found");
    const auto right = capture("fingerprint.capture", {{"slot", "right_four"}});
    ASSERT_TRUE(right.ok());
    ASSERT_TRUE(capture("iris.capture").ok());
    ASSERT_TRUE(capture("camera.capture").ok());

    const auto bundle = budi_.call("biometrics.bundle", {{"application", app_}}, 30000);
    ASSERT_TRUE(bundle.ok()) << bundle.header;
    const auto& captures = bundle.header["result"]["captures"];
    ASSERT_EQ(captures.size(), 4u);
    // Both slaps with their fingertips and templates, two eyes and their
    // ISO record, the face photo and its card portrait.
    EXPECT_EQ(bundle.blobs.size(), retake.blobs.size() + right.blobs.size() + 5);
    std::size_t total = 0;
    for (const auto& blob : bundle.blobs)
        total += blob.size();
    EXPECT_EQ(bundle.header["result"]["bytes"], total);
    EXPECT_EQ(captures[0]["parts"]["image"]["sha256"], retake.header["result"]["image"]["sha256"]);
}

TEST_F(CaptureStoreTest, OnlyTheStepsThatPermitItAndTheirOfficersReachTheSamples)
{
    at_step_four();
    // The whole recording: step 4 completes only with it.
    const auto recorded = record_biometrics(budi_, app_);
    const auto id = recorded.at("fingerprint.capture/thumbs").header["result"]["capture"];
    EXPECT_EQ(siti_.call("capture.get", {{"capture", id}}).code(), "forbidden");
    EXPECT_EQ(teknisi_.call("capture.get", {{"capture", id}}).code(), "forbidden");
    EXPECT_EQ(budi_.call("capture.get", {{"capture", "cap-nonexistent"}}).code(), "not_found");
    // A technician's diagnostic capture serves no application: nothing held.
    const auto diagnostic = teknisi_.call("fingerprint.capture", {{"slot", "thumbs"}});
    ASSERT_TRUE(diagnostic.ok());
    EXPECT_FALSE(diagnostic.header["result"].contains("capture"));

    ASSERT_TRUE(
        budi_.call("sop.step.complete", {{"application", app_}, {"step", "record_biometrics"}})
            .ok());
    ASSERT_TRUE(
        budi_.call("sop.step.start", {{"application", app_}, {"step", "encode_and_print"}}).ok());
    // Step 5 may read the bundle (for the chip) but no longer fetch or drop
    // single samples.
    EXPECT_EQ(budi_.call("capture.get", {{"capture", id}}).code(), "sop_order");
    EXPECT_EQ(budi_.call("capture.discard", {{"capture", id}}).code(), "sop_order");
    EXPECT_TRUE(budi_.call("biometrics.bundle", {{"application", app_}}).ok());
}

TEST_F(CaptureStoreTest, DiscardAndClosingTheApplicationWipeTheSamples)
{
    at_step_four();
    const auto slap = capture("fingerprint.capture", {{"slot", "left_four"}});
    const auto face = capture("camera.capture");
    ASSERT_TRUE(slap.ok() && face.ok());
    const auto slap_id = slap.header["result"]["capture"];
    ASSERT_TRUE(budi_.call("capture.discard", {{"capture", slap_id}}).ok());
    EXPECT_EQ(budi_.call("capture.get", {{"capture", slap_id}}).code(), "not_found");
    EXPECT_EQ(budi_.call("capture.discard", {{"capture", slap_id}}).code(), "not_found");

    // The register keeps the hashes of both: discarding a sample is not
    // forgetting that it was taken.
    const auto described = siti_.call("application.get", {{"application", app_}});
    EXPECT_EQ(described.header["result"]["captures"].size(),
              1 + 2 * slap.header["result"]["fingers"].size() + 2);

    // The counter officer no longer holds the file at step 4; the section
    // head may cancel at any step.
    EXPECT_EQ(siti_.call("application.cancel", {{"application", app_}, {"reason", "left"}}).code(),
              "forbidden");
    ASSERT_TRUE(
        hendra_.call("application.cancel", {{"application", app_}, {"reason", "left"}}).ok());
    // Closed: its samples are gone, and the SOP refuses the bundle anyway.
    const auto bundle = budi_.call("biometrics.bundle", {{"application", app_}});
    EXPECT_EQ(bundle.code(), "sop_order") << bundle.header;
}

} // namespace
} // namespace ktpel::test
