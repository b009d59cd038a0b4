// SPDX-License-Identifier: Apache-2.0
// The KIP fingerprint driver's own protocol code against the emulator on
// the emulated bus: the path the default station runs.
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "drivers/classes/fingerprint_scanner.hpp"
#include "drivers/registry/driver_registry.hpp"
#include "drivers/sim/emulated_bus.hpp"
#include "drivers/sim/kip_emulator.hpp"

namespace ktpel {
namespace {

using drivers::DeviceFailure;
using namespace std::chrono_literals;

class KipDriverTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        sim::KipEmulatorSettings settings;
        settings.subject_delay = 50ms;
        emulator_ = std::make_shared<sim::KipEmulator>(settings);
        bus_.attach("sim-1", emulator_);
        bind();
    }

    void bind()
    {
        const auto* driver = drivers::DriverRegistry::instance().find("kip-fingerprint");
        ASSERT_NE(driver, nullptr);
        drivers::DriverBinding binding;
        binding.usb = bus_.open("sim-1");
        device_ = driver->create(std::move(binding));
        scanner_ = dynamic_cast<drivers::FingerprintScanner*>(device_.get());
        ASSERT_NE(scanner_, nullptr);
        scanner_->probe(context());
    }

    drivers::OperationContext context(std::stop_token stop = {},
                                      std::chrono::milliseconds deadline = 20s)
    {
        return drivers::OperationContext(
            stop, std::chrono::steady_clock::now() + deadline,
            [this](drivers::ProgressStage stage, const nlohmann::json&) {
                std::lock_guard lock(mutex_);
                stages_.push_back(stage);
            });
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

    drivers::FingerprintCapture capture(std::chrono::milliseconds timeout = 5s)
    {
        return scanner_->capture({drivers::SlapSlot::left_four, timeout}, context());
    }

    sim::EmulatedBus bus_;
    std::shared_ptr<sim::KipEmulator> emulator_;
    std::unique_ptr<drivers::Device> device_;
    drivers::FingerprintScanner* scanner_ = nullptr; // view of device_
    std::mutex mutex_;
    std::vector<drivers::ProgressStage> stages_;
    std::string last_reason_;
};

TEST_F(KipDriverTest, CapturesASlapSizedRaster)
{
    const auto result = capture();
    EXPECT_EQ(result.image.width, 1600u);
    EXPECT_EQ(result.image.height, 1500u);
    EXPECT_EQ(result.image.ppi, 500u);
    ASSERT_EQ(result.image.pixels.size(), 1600u * 1500u);
    // Ridges: a real spread of grey levels, dark ridges on a light background.
    const auto [lo, hi] =
        std::minmax_element(result.image.pixels.begin(), result.image.pixels.end());
    EXPECT_LT(*lo, 80);
    EXPECT_GT(*hi, 200);
    std::lock_guard lock(mutex_);
    EXPECT_NE(std::find(stages_.begin(), stages_.end(), drivers::ProgressStage::subject_detected),
              stages_.end());
    EXPECT_NE(std::find(stages_.begin(), stages_.end(), drivers::ProgressStage::transferring),
              stages_.end());
}

TEST_F(KipDriverTest, TwoImpressionsOfOnePersonDiffer)
{
    const auto a = capture();
    const auto b = capture();
    EXPECT_NE(a.image.pixels, b.image.pixels);
}

TEST_F(KipDriverTest, NoFingerIsNoSubject)
{
    emulator_->inject("no_subject", {});
    EXPECT_EQ(failure_of([&] { capture(400ms); }), DeviceFailure::Kind::no_subject);
    emulator_->inject("clear", {});
    EXPECT_EQ(capture().image.width, 1600u);
}

TEST_F(KipDriverTest, StalledEndpointIsAHardwareErrorAndTheDriverRecovers)
{
    emulator_->inject("stall", {});
    EXPECT_EQ(failure_of([&] { capture(); }), DeviceFailure::Kind::hardware);
    EXPECT_EQ(last_reason_, "endpoint_stalled");
    EXPECT_EQ(capture().image.width, 1600u);
}

TEST_F(KipDriverTest, HungDeviceIsDetectedAndTheDriverRecovers)
{
    emulator_->inject("hang", {});
    EXPECT_EQ(failure_of([&] { capture(); }), DeviceFailure::Kind::hardware);
    EXPECT_EQ(last_reason_, "device_not_responding");
    EXPECT_EQ(capture().image.width, 1600u);
}

TEST_F(KipDriverTest, UnplugMidCaptureIsDisconnected)
{
    emulator_->inject("subject_delay", {{"ms", 2000}});
    auto pending = std::async(std::launch::async, [&] { return failure_of([&] { capture(); }); });
    std::this_thread::sleep_for(300ms);
    bus_.unplug("sim-1");
    EXPECT_EQ(pending.get(), DeviceFailure::Kind::disconnected);
    // After a replug the old handle is stale; a new binding works.
    bus_.replug("sim-1");
    emulator_->inject("clear", {});
    bind();
    EXPECT_EQ(capture().image.width, 1600u);
}

TEST_F(KipDriverTest, CancellationStopsACaptureQuickly)
{
    emulator_->inject("subject_delay", {{"ms", 10000}});
    std::stop_source stop;
    auto pending = std::async(std::launch::async, [&] {
        return failure_of([&] {
            scanner_->capture({drivers::SlapSlot::thumbs, 20s}, context(stop.get_token()));
        });
    });
    std::this_thread::sleep_for(200ms);
    const auto asked = std::chrono::steady_clock::now();
    stop.request_stop();
    EXPECT_EQ(pending.get(), DeviceFailure::Kind::cancelled);
    // Generous bound: cancellation is prompt, not a wait for the capture timeout.
    EXPECT_LT(std::chrono::steady_clock::now() - asked, 5s);
    emulator_->inject("clear", {});
    EXPECT_EQ(capture().image.width, 1600u);
}

TEST_F(KipDriverTest, UnknownFaultIsRefused)
{
    EXPECT_THROW(emulator_->inject("gremlins", {}), sim::UnknownFault);
    EXPECT_THROW(emulator_->inject("subject_delay", {{"ms", "soon"}}), sim::UnknownFault);
}

} // namespace
} // namespace ktpel
