// SPDX-License-Identifier: Apache-2.0
// The PTP camera driver against the PTP camera emulator on the emulated
// bus: the path the simulated station runs.
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "biometrics/face/photo_checks.hpp"
#include "common/jpeg_codec.hpp"
#include "drivers/classes/camera.hpp"
#include "drivers/ptp/ptp_failures.hpp"
#include "drivers/registry/driver_registry.hpp"
#include "sim/emulators/emulated_bus.hpp"
#include "sim/emulators/ptp_camera_emulator.hpp"

namespace ktpel {
namespace {

using drivers::DeviceFailure;
using namespace std::chrono_literals;

class PtpDriverTest : public ::testing::Test
{
protected:
    void SetUp() override { start({}); }

    void start(nlohmann::json options, std::size_t bytes_per_second = 24'000'000)
    {
        sim::PtpCameraEmulatorSettings settings;
        settings.capture_delay = 50ms;
        settings.bytes_per_second = bytes_per_second;
        emulator_ = std::make_shared<sim::PtpCameraEmulator>(settings);
        bus_.attach("sim-cam", emulator_);
        options_ = std::move(options);
        bind();
    }

    void bind()
    {
        const auto* driver = drivers::DriverRegistry::instance().find("ptp-camera");
        ASSERT_NE(driver, nullptr);
        drivers::DriverBinding binding;
        binding.usb = bus_.open("sim-cam");
        binding.options = options_;
        device_ = driver->create(std::move(binding));
        camera_ = dynamic_cast<drivers::Camera*>(device_.get());
        ASSERT_NE(camera_, nullptr);
        identity_ = camera_->probe(context());
    }

    drivers::OperationContext context(std::stop_token stop = {})
    {
        return drivers::OperationContext(
            stop, std::chrono::steady_clock::now() + 20s,
            [this](drivers::ProgressStage stage, const nlohmann::json& data) {
                std::lock_guard lock(mutex_);
                stages_.push_back(stage);
                if (on_progress_)
                    on_progress_(stage, data);
            });
    }

    drivers::Photo capture(std::chrono::milliseconds timeout = 5s, std::stop_token stop = {})
    {
        return camera_->capture({timeout}, context(stop));
    }

    DeviceFailure::Kind failure_of(const std::function<void()>& action)
    {
        try {
            action();
        } catch (const DeviceFailure& failure) {
            last_reason_ = failure.reason();
            return failure.kind();
        }
        ADD_FAILURE() << "no failure";
        return DeviceFailure::Kind::invalid;
    }

    void expect_good_capture()
    {
        const auto photo = capture();
        EXPECT_EQ(photo.jpeg_width, 1200u);
        EXPECT_EQ(photo.jpeg_height, 1600u);
    }

    sim::EmulatedBus bus_;
    std::shared_ptr<sim::PtpCameraEmulator> emulator_;
    nlohmann::json options_;
    std::unique_ptr<drivers::Device> device_;
    drivers::Camera* camera_ = nullptr; // view of device_
    drivers::DeviceIdentity identity_;
    std::mutex mutex_;
    std::vector<drivers::ProgressStage> stages_;
    std::function<void(drivers::ProgressStage, const nlohmann::json&)> on_progress_;
    std::string last_reason_;
};

TEST_F(PtpDriverTest, ProbeReadsDeviceInfoAndStatus)
{
    EXPECT_EQ(identity_.manufacturer, "Ktpel Sim");
    EXPECT_EQ(identity_.model, "PTP Portrait Camera (emulated)");
    EXPECT_EQ(identity_.serial, "SIM-CAM-0001");
    EXPECT_EQ(identity_.firmware, "1.0.0");
    const auto capabilities = camera_->capabilities();
    EXPECT_EQ(capabilities["protocol"], "ptp");
    EXPECT_EQ(capabilities["battery_percent"], 85);
    EXPECT_EQ(capabilities["storages"], 1);
    EXPECT_NE(std::find(capabilities["operations"].begin(), capabilities["operations"].end(),
                        "InitiateCapture"),
              capabilities["operations"].end());
    EXPECT_TRUE(emulator_->session_open());
}

TEST_F(PtpDriverTest, CaptureReturnsTheCamerasJpegAndItsLuminance)
{
    const auto photo = capture();
    EXPECT_EQ(photo.mime_type, "image/jpeg");
    ASSERT_GT(photo.jpeg.size(), 50'000u);
    EXPECT_EQ(photo.jpeg[0], 0xff);
    EXPECT_EQ(photo.jpeg[1], 0xd8);
    const auto geometry = read_jpeg_geometry(photo.jpeg);
    EXPECT_EQ(geometry.width, 1200u);
    EXPECT_EQ(geometry.height, 1600u);
    EXPECT_EQ(photo.image.width, 1200u);
    EXPECT_EQ(photo.image.height, 1600u);
    EXPECT_EQ(photo.image.pixels.size(), 1200u * 1600u);
    EXPECT_EQ(emulator_->object_count(), 0u); // deleted from the card
    std::lock_guard lock(mutex_);
    EXPECT_NE(std::find(stages_.begin(), stages_.end(), drivers::ProgressStage::transferring),
              stages_.end());
}

TEST_F(PtpDriverTest, TwoCapturesOfOnePersonDiffer)
{
    EXPECT_NE(capture().jpeg, capture().jpeg);
}

TEST_F(PtpDriverTest, StalledEndpointIsAHardwareErrorAndTheDriverRecovers)
{
    emulator_->inject("stall", {});
    EXPECT_EQ(failure_of([&] { capture(); }), DeviceFailure::Kind::hardware);
    EXPECT_EQ(last_reason_, "endpoint_stalled");
    EXPECT_EQ(emulator_->object_count(), 1u); // not downloaded, so not deleted yet
    expect_good_capture();
    EXPECT_EQ(emulator_->object_count(), 0u); // the leftover went too
}

TEST_F(PtpDriverTest, HungDownloadIsDetectedAndTheDriverRecovers)
{
    emulator_.reset();
    start({{"silence_limit_ms", 600}});
    emulator_->inject("hang", {});
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(failure_of([&] { capture(); }), DeviceFailure::Kind::hardware);
    EXPECT_EQ(last_reason_, "device_not_responding");
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    expect_good_capture();
}

TEST_F(PtpDriverTest, MissingCaptureEventIsATimeoutAndTheNextCaptureWorks)
{
    emulator_->inject("timeout", {});
    EXPECT_EQ(failure_of([&] { capture(600ms); }), DeviceFailure::Kind::timeout);
    EXPECT_EQ(last_reason_, "capture_event_missing");
    expect_good_capture();
}

TEST_F(PtpDriverTest, BusyCameraIsATypedResponseFailure)
{
    emulator_->inject("busy", {});
    try {
        capture();
        ADD_FAILURE() << "no failure";
    } catch (const ptp::ResponseFailure& failure) {
        EXPECT_EQ(failure.code(), ptp::ResponseCode::device_busy);
        EXPECT_EQ(failure.operation(), ptp::OperationCode::initiate_capture);
        EXPECT_EQ(failure.kind(), DeviceFailure::Kind::hardware);
        EXPECT_EQ(failure.reason(), "ptp_device_busy");
    }
    emulator_->inject("clear", {});
    expect_good_capture();
}

TEST_F(PtpDriverTest, UnplugMidDownloadIsDisconnectedAndAReplugGetsANewSession)
{
    emulator_.reset();
    start({}, 1'000'000); // 1 MB/s: the download takes a while
    bool unplugged = false;
    on_progress_ = [&](drivers::ProgressStage stage, const nlohmann::json& data) {
        if (stage == drivers::ProgressStage::transferring && data.value("percent", 0) >= 20 &&
            !unplugged) {
            unplugged = true;
            bus_.unplug("sim-cam");
        }
    };
    EXPECT_EQ(failure_of([&] { capture(); }), DeviceFailure::Kind::disconnected);
    EXPECT_EQ(last_reason_, "unplugged");
    EXPECT_TRUE(unplugged);
    on_progress_ = nullptr;
    bus_.replug("sim-cam");
    EXPECT_FALSE(emulator_->session_open()); // the power cycle closed it
    bind();                                  // what the device manager does on arrival
    EXPECT_TRUE(emulator_->session_open());
    expect_good_capture();
}

TEST_F(PtpDriverTest, CancellationWhileWaitingForThePhotoIsPromptAndHarmless)
{
    emulator_->inject("capture_delay", {{"ms", 1500}});
    std::stop_source stop;
    auto pending = std::async(std::launch::async,
                              [&] { return failure_of([&] { capture(10s, stop.get_token()); }); });
    std::this_thread::sleep_for(200ms);
    const auto asked = std::chrono::steady_clock::now();
    stop.request_stop();
    EXPECT_EQ(pending.get(), DeviceFailure::Kind::cancelled);
    EXPECT_LT(std::chrono::steady_clock::now() - asked, 1s);
    emulator_->inject("clear", {});
    // The camera is still busy with the cancelled shot for a moment; the
    // driver waits that out, and deletes the stray photo later.
    expect_good_capture();
    expect_good_capture();
    EXPECT_EQ(emulator_->object_count(), 0u);
}

TEST_F(PtpDriverTest, ADroppedSessionIsReopened)
{
    emulator_->inject("drop_session", {});
    EXPECT_FALSE(emulator_->session_open());
    expect_good_capture();
    EXPECT_TRUE(emulator_->session_open());
}

TEST_F(PtpDriverTest, ASessionLeftOpenByAnEarlierDriverIsTakenOver)
{
    // A second driver instance on the same camera (a daemon restart): the
    // camera still has the first one's session.
    device_.reset();
    EXPECT_TRUE(emulator_->session_open());
    bind();
    expect_good_capture();
}

TEST_F(PtpDriverTest, BadOptionIsReportedByProbe)
{
    const auto* driver = drivers::DriverRegistry::instance().find("ptp-camera");
    drivers::DriverBinding binding;
    binding.usb = bus_.open("sim-cam");
    binding.options = {{"bulk_in", 2}};
    auto device = driver->create(std::move(binding));
    EXPECT_EQ(failure_of([&] { device->probe(context()); }), DeviceFailure::Kind::invalid);
    EXPECT_EQ(last_reason_, "bad_option");
}

TEST_F(PtpDriverTest, FaultyPhotosComeThroughAndFailTheRightFaceCheck)
{
    using biometrics::face::assess_jpeg;
    EXPECT_TRUE(assess_jpeg(capture().jpeg).passed());
    emulator_->inject("no_subject", {});
    const auto empty = assess_jpeg(capture().jpeg);
    EXPECT_FALSE(empty.check("subject").passed);
    EXPECT_TRUE(empty.check("exposure").passed);
    emulator_->inject("clear", {});
    emulator_->inject("blur", {});
    EXPECT_FALSE(assess_jpeg(capture().jpeg).check("sharpness").passed);
    emulator_->inject("clear", {});
    emulator_->inject("poor_exposure", {{"direction", "over"}});
    EXPECT_FALSE(assess_jpeg(capture().jpeg).check("exposure").passed);
}

} // namespace
} // namespace ktpel
