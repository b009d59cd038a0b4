// SPDX-License-Identifier: Apache-2.0
// The KIP drivers' own protocol code against the emulator on the emulated
// bus (the path the default station runs), and against a scripted device
// for firmware behaviour the emulator does not show.
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "drivers/classes/fingerprint_scanner.hpp"
#include "drivers/classes/iris_scanner.hpp"
#include "drivers/kip/kip_frame.hpp"
#include "drivers/kip/kip_usb_ids.hpp"
#include "drivers/registry/driver_registry.hpp"
#include "sim/emulators/emulated_bus.hpp"
#include "sim/emulators/kip_emulator.hpp"

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

// ---------------------------------------------------------------------------
// ABORT: a device acknowledges it once it is idle, so the next CAPTURE is
// accepted. The iris scanner shows it best: its two eyes take longest to
// render, and it is still drawing the next frame when the host stops.

drivers::OperationContext quiet_context(std::stop_token stop = {})
{
    return drivers::OperationContext(stop, std::chrono::steady_clock::now() + 20s);
}

class KipIrisTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        sim::KipEmulatorSettings settings;
        settings.modality = sim::kip_wire::Modality::iris_dual;
        settings.product_id = kip::kIrisScannerId.product_id;
        settings.width = 640;
        settings.height = 480;
        settings.ppi = 0;
        settings.subject_delay = 50ms;
        // No pause between frames: the worker goes straight on to render
        // the next one, as it does when rendering is slower than the rate.
        settings.frame_interval = 0ms;
        emulator_ = std::make_shared<sim::KipEmulator>(settings);
        bus_.attach("sim-iris", emulator_);
    }

    drivers::IrisScanner& scanner()
    {
        if (!device_) {
            const auto* driver = drivers::DriverRegistry::instance().find("kip-iris");
            if (driver == nullptr)
                throw std::logic_error("the kip-iris driver is not registered");
            drivers::DriverBinding binding;
            binding.usb = bus_.open("sim-iris");
            device_ = driver->create(std::move(binding));
            scanner_ = dynamic_cast<drivers::IrisScanner*>(device_.get());
            scanner_->probe(quiet_context());
        }
        return *scanner_;
    }

    sim::EmulatedBus bus_;
    std::shared_ptr<sim::KipEmulator> emulator_;
    std::unique_ptr<drivers::Device> device_;
    drivers::IrisScanner* scanner_ = nullptr; // view of device_
};

// Speaks KIP on a raw handle, as a host that trusts the ACK would.
class RawKipHost
{
public:
    explicit RawKipHost(std::unique_ptr<usb::DeviceHandle> usb) : usb_(std::move(usb))
    {
        usb_->claim_interface(0);
    }

    std::uint8_t send(kip::MessageType type, std::vector<std::uint8_t> payload = {})
    {
        const auto bytes = kip::encode(kip::Frame{type, ++sequence_, std::move(payload)});
        usb_->bulk_write(kip::kEndpointOut, bytes, 1s, {});
        return sequence_;
    }

    kip::Frame receive()
    {
        std::vector<std::uint8_t> buffer(64 * 1024);
        for (;;) {
            if (auto frame = reader_.next())
                return std::move(*frame);
            const auto count = usb_->bulk_read(kip::kEndpointIn, buffer, 5s, {});
            reader_.feed({buffer.data(), count});
        }
    }

private:
    std::unique_ptr<usb::DeviceHandle> usb_;
    kip::FrameReader reader_;
    std::uint8_t sequence_ = 0;
};

TEST_F(KipIrisTest, TheEmulatorIsIdleWhenItAcknowledgesAbort)
{
    RawKipHost host(bus_.open("sim-iris"));
    host.send(kip::MessageType::capture,
              kip::PayloadWriter{}.u8(2).u32(10000).u8(kip::kCaptureLive).take());
    ASSERT_EQ(host.receive().type, kip::MessageType::ack);
    // Read the first frame (both eyes): the device then renders the next.
    for (int ends = 0; ends < 2;) {
        const auto frame = host.receive();
        ASSERT_NE(frame.type, kip::MessageType::error);
        if (frame.type == kip::MessageType::image_end)
            ++ends;
    }
    const auto abort = host.send(kip::MessageType::abort);
    // What the aborted capture had queued is gone: the ACK comes first.
    const auto ack = host.receive();
    EXPECT_EQ(ack.type, kip::MessageType::ack);
    EXPECT_EQ(ack.sequence, abort);

    const auto status_request = host.send(kip::MessageType::get_status);
    const auto status = host.receive();
    ASSERT_EQ(status.type, kip::MessageType::status);
    EXPECT_EQ(status.sequence, status_request);
    kip::PayloadReader payload(status.payload);
    EXPECT_EQ(payload.u8(), 0) << "still capturing after acknowledging ABORT";
}

TEST_F(KipIrisTest, ACaptureRightAfterAStoppedStreamIsAccepted)
{
    const auto end = scanner().stream({5s}, quiet_context(), [](drivers::LiveFrame&& frame) {
        EXPECT_EQ(frame.images.size(), 2u);
        return drivers::LiveVerdict::stop;
    });
    EXPECT_EQ(end, drivers::LiveEnd::stopped);
    const auto eyes = scanner().capture({5s}, quiet_context());
    EXPECT_EQ(eyes.right.width, 640u);
    EXPECT_EQ(eyes.left.width, 640u);
}

TEST_F(KipIrisTest, ACaptureRightAfterACancelledHungOneIsAccepted)
{
    emulator_->inject("hang", {});
    std::stop_source stop;
    auto cancelled = std::async(std::launch::async, [&] {
        try {
            scanner().stream({20s}, quiet_context(stop.get_token()),
                             [](drivers::LiveFrame&&) { return drivers::LiveVerdict::more; });
        } catch (const DeviceFailure& failure) {
            return failure.kind();
        }
        return DeviceFailure::Kind::invalid;
    });
    std::this_thread::sleep_for(300ms);
    stop.request_stop();
    EXPECT_EQ(cancelled.get(), DeviceFailure::Kind::cancelled);
    const auto eyes = scanner().capture({5s}, quiet_context());
    EXPECT_EQ(eyes.right.width, 640u);
}

// ---------------------------------------------------------------------------
// Firmware that acknowledges ABORT early (or late) and refuses CAPTURE as
// busy meanwhile: the driver waits for the ack and retries a busy refusal
// briefly.

// A one-finger KIP scanner reduced to what these tests need. It refuses
// CAPTUREs as busy while `busy_refusals` lasts, and after each ABORT either
// acks at once and stays busy for `busy_after_abort` more CAPTUREs, or
// (with `abort_ack_delay`) acks late and is busy until it has.
class ScriptedKipDevice final : public sim::UsbDeviceEmulator
{
public:
    int busy_refusals = 0;
    int busy_after_abort = 0;
    std::chrono::milliseconds abort_ack_delay{0};
    std::function<void(int refused)> on_refusal;

    ~ScriptedKipDevice() override
    {
        if (late_ack_.joinable())
            late_ack_.join();
    }

    int refused() const
    {
        std::lock_guard lock(mutex_);
        return refused_;
    }

    usb::DeviceDescription description() const override
    {
        usb::DeviceDescription description;
        description.vendor_id = kip::kSlapScannerId.vendor_id;
        description.product_id = kip::kSlapScannerId.product_id;
        return description;
    }

    void receive(std::uint8_t /*endpoint*/, std::span<const std::uint8_t> data) override
    {
        reader_.feed(data);
        while (auto frame = reader_.next())
            handle(*frame);
    }

    void inject(const std::string& fault, const nlohmann::json&) override
    {
        throw sim::UnknownFault(fault);
    }
    std::vector<std::string> faults() const override { return {}; }

private:
    void reply(kip::MessageType type, std::uint8_t sequence, std::vector<std::uint8_t> payload)
    {
        queue_packet(kip::encode(kip::Frame{type, sequence, std::move(payload)}));
    }

    void handle(const kip::Frame& frame)
    {
        using kip::MessageType;
        const std::vector<std::uint8_t> acked{static_cast<std::uint8_t>(frame.type)};
        switch (frame.type) {
        case MessageType::get_info:
            reply(MessageType::info, frame.sequence,
                  kip::PayloadWriter{}
                      .u16(kSide)
                      .u16(kSide)
                      .u16(500)
                      .u8(static_cast<std::uint8_t>(kip::Modality::fingerprint_slap))
                      .u8(1)
                      .u8_prefixed_text("Test")
                      .u8_prefixed_text("Scripted")
                      .u8_prefixed_text("1")
                      .u8_prefixed_text("1")
                      .take());
            return;
        case MessageType::capture: {
            std::unique_lock lock(mutex_);
            if (busy_refusals > 0 || acking_late_) {
                busy_refusals = std::max(busy_refusals - 1, 0);
                const int refused = ++refused_;
                lock.unlock();
                reply(MessageType::error, frame.sequence,
                      kip::PayloadWriter{}
                          .u16(static_cast<std::uint16_t>(kip::DeviceErrorCode::busy))
                          .take());
                if (on_refusal)
                    on_refusal(refused);
                return;
            }
            lock.unlock();
            reply(MessageType::ack, frame.sequence, acked);
            // One image per frame; a live stream sends one frame and waits.
            const std::vector<std::uint8_t> pixels(std::size_t{kSide} * kSide, 128);
            reply(MessageType::image_begin, frame.sequence,
                  kip::PayloadWriter{}.u8(0).u8(1).u16(kSide).u16(kSide).u32(kSide * kSide).take());
            reply(MessageType::image_data, frame.sequence,
                  kip::PayloadWriter{}.u32(0).bytes(pixels).take());
            reply(MessageType::image_end, frame.sequence,
                  kip::PayloadWriter{}.u32(kip::crc32_of(pixels)).take());
            return;
        }
        case MessageType::abort: {
            if (late_ack_.joinable())
                late_ack_.join(); // the last ABORT's ack, long sent
            std::lock_guard lock(mutex_);
            if (abort_ack_delay.count() == 0) {
                busy_refusals = busy_after_abort;
                reply(MessageType::ack, frame.sequence, acked);
                return;
            }
            acking_late_ = true;
            late_ack_ = std::thread([this, sequence = frame.sequence, acked] {
                std::this_thread::sleep_for(abort_ack_delay);
                std::lock_guard lock(mutex_);
                acking_late_ = false;
                reply(MessageType::ack, sequence, acked);
            });
            return;
        }
        default:
            reply(MessageType::error, frame.sequence,
                  kip::PayloadWriter{}
                      .u16(static_cast<std::uint16_t>(kip::DeviceErrorCode::unknown_command))
                      .take());
        }
    }

    static constexpr std::uint16_t kSide = 8;
    kip::FrameReader reader_;
    mutable std::mutex mutex_;
    int refused_ = 0;
    bool acking_late_ = false;
    std::thread late_ack_;
};

class KipBusyDeviceTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        device_ = std::make_shared<ScriptedKipDevice>();
        bus_.attach("sim-scripted", device_);
    }

    drivers::FingerprintScanner& scanner()
    {
        if (!driver_device_) {
            const auto* driver = drivers::DriverRegistry::instance().find("kip-fingerprint");
            if (driver == nullptr)
                throw std::logic_error("the kip-fingerprint driver is not registered");
            drivers::DriverBinding binding;
            binding.usb = bus_.open("sim-scripted");
            driver_device_ = driver->create(std::move(binding));
            scanner_ = dynamic_cast<drivers::FingerprintScanner*>(driver_device_.get());
            scanner_->probe(quiet_context());
        }
        return *scanner_;
    }

    drivers::FingerprintCapture capture(std::stop_token stop = {})
    {
        return scanner().capture({drivers::SlapSlot::thumbs, 5s}, quiet_context(std::move(stop)));
    }

    std::optional<DeviceFailure> failure_of(const std::function<void()>& action)
    {
        try {
            action();
        } catch (const DeviceFailure& failure) {
            return failure;
        }
        return std::nullopt;
    }

    void stop_a_stream()
    {
        const auto end =
            scanner().stream({drivers::SlapSlot::thumbs, 5s}, quiet_context(),
                             [](drivers::LiveFrame&&) { return drivers::LiveVerdict::stop; });
        EXPECT_EQ(end, drivers::LiveEnd::stopped);
    }

    sim::EmulatedBus bus_;
    std::shared_ptr<ScriptedKipDevice> device_;
    std::unique_ptr<drivers::Device> driver_device_;
    drivers::FingerprintScanner* scanner_ = nullptr; // view of driver_device_
};

TEST_F(KipBusyDeviceTest, ACaptureRefusedAsBusyForAMomentIsRetried)
{
    device_->busy_refusals = 2;
    EXPECT_EQ(capture().image.width, 8u);
    EXPECT_EQ(device_->refused(), 2);
}

TEST_F(KipBusyDeviceTest, ACaptureAfterAnEarlyAbortAckIsRetried)
{
    device_->busy_after_abort = 1;
    stop_a_stream();
    EXPECT_EQ(capture().image.width, 8u);
    EXPECT_EQ(device_->refused(), 1);
}

TEST_F(KipBusyDeviceTest, TheDriverWaitsForALateAbortAck)
{
    // Longer than the drain's quiet spell, well within the command timeout.
    device_->abort_ack_delay = 200ms;
    stop_a_stream();
    EXPECT_EQ(capture().image.width, 8u);
    EXPECT_EQ(device_->refused(), 0) << "CAPTURE sent before the device acknowledged ABORT";
}

TEST_F(KipBusyDeviceTest, ABusyThatOutlastsTheRetriesIsReported)
{
    device_->busy_refusals = 1000;
    const auto failure = failure_of([&] { capture(); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->kind(), DeviceFailure::Kind::hardware);
    EXPECT_EQ(failure->reason(), "device_reports_busy");
    // Retried, but only a few times.
    EXPECT_GT(device_->refused(), 1);
    EXPECT_LT(device_->refused(), 20);
}

TEST_F(KipBusyDeviceTest, CancellationEndsTheRetries)
{
    device_->busy_refusals = 1000;
    std::stop_source stop;
    device_->on_refusal = [&](int refused) {
        if (refused == 2)
            stop.request_stop();
    };
    const auto failure = failure_of([&] { capture(stop.get_token()); });
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->kind(), DeviceFailure::Kind::cancelled);
    EXPECT_EQ(device_->refused(), 2);
}

} // namespace
} // namespace ktpel
