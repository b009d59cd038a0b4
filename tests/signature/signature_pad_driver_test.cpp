// SPDX-License-Identifier: Apache-2.0
// The KSP signature pad driver against the emulated pad on the emulated
// bus: the path the simulated station runs. The emulator signs at twenty
// times real speed; pad times in the reports stay real.
#include <future>
#include <mutex>

#include <gtest/gtest.h>

#include "biometrics/signature/signature_checks.hpp"
#include "drivers/classes/signature_pad.hpp"
#include "drivers/registry/driver_registry.hpp"
#include "sim/emulators/emulated_bus.hpp"
#include "sim/emulators/signature_pad_emulator.hpp"
#include "sim/synthetic_signature/signature_rendition.hpp"

namespace ktpel {
namespace {

using drivers::DeviceFailure;
using drivers::ProgressStage;
using namespace std::chrono_literals;

struct ProgressEvent
{
    ProgressStage stage;
    nlohmann::json data;
};

// The strokes the emulator's applicant draws for `impression`, from the
// generator directly: the ground truth a perfect host captures.
std::vector<drivers::PenStroke> generated_strokes(const sim::SignaturePadEmulatorSettings& settings,
                                                  std::uint64_t impression)
{
    sim::signature::RenditionOptions options;
    options.impression = impression;
    options.area = {settings.width_units * 1000.0 / settings.units_per_metre,
                    settings.height_units * 1000.0 / settings.units_per_metre};
    options.sample_rate_hz = settings.report_rate_hz;
    const auto rendition =
        sim::signature::perform(sim::signature::style_of_person(settings.person), options);
    std::vector<drivers::PenStroke> strokes;
    bool down = false;
    for (const auto& sample : rendition.samples) {
        if (sample.touching) {
            if (!down)
                strokes.emplace_back();
            strokes.back().samples.push_back(sim::pad_sample_of(
                sample, settings, static_cast<std::uint32_t>(settings.subject_delay.count())));
        }
        down = sample.touching;
    }
    return strokes;
}

void expect_same_strokes(const std::vector<drivers::PenStroke>& actual,
                         const std::vector<drivers::PenStroke>& expected)
{
    ASSERT_EQ(actual.size(), expected.size());
    for (std::size_t s = 0; s < actual.size(); ++s) {
        const auto& a = actual[s].samples;
        const auto& e = expected[s].samples;
        ASSERT_EQ(a.size(), e.size()) << "stroke " << s;
        for (std::size_t i = 0; i < a.size(); ++i) {
            ASSERT_EQ(a[i].x, e[i].x) << "stroke " << s << " sample " << i;
            ASSERT_EQ(a[i].y, e[i].y) << "stroke " << s << " sample " << i;
            ASSERT_EQ(a[i].pressure, e[i].pressure) << "stroke " << s << " sample " << i;
            ASSERT_EQ(a[i].time_ms, e[i].time_ms) << "stroke " << s << " sample " << i;
            ASSERT_EQ(a[i].contact, drivers::PenContact::down);
        }
    }
}

bool identical(const std::vector<drivers::PenStroke>& a, const std::vector<drivers::PenStroke>& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t s = 0; s < a.size(); ++s) {
        if (a[s].samples.size() != b[s].samples.size())
            return false;
        for (std::size_t i = 0; i < a[s].samples.size(); ++i) {
            const auto& p = a[s].samples[i];
            const auto& q = b[s].samples[i];
            if (p.x != q.x || p.y != q.y || p.pressure != q.pressure || p.time_ms != q.time_ms)
                return false;
        }
    }
    return true;
}

class SignaturePadDriverTest : public ::testing::Test
{
protected:
    void SetUp() override { start({}); }

    void start(nlohmann::json options)
    {
        settings_.time_scale = 0.05;
        emulator_ = std::make_shared<sim::SignaturePadEmulator>(settings_);
        bus_.attach("sim-pad", emulator_);
        options_ = std::move(options);
        bind();
    }

    void bind()
    {
        const auto* driver = drivers::DriverRegistry::instance().find("ksp-signature-pad");
        ASSERT_NE(driver, nullptr);
        EXPECT_EQ(driver->device_class, drivers::DeviceClass::signature_pad);
        drivers::DriverBinding binding;
        binding.usb = bus_.open("sim-pad");
        binding.options = options_;
        device_ = driver->create(std::move(binding));
        pad_ = dynamic_cast<drivers::SignaturePad*>(device_.get());
        ASSERT_NE(pad_, nullptr);
        identity_ = pad_->probe(context());
    }

    drivers::OperationContext context(std::stop_token stop = {})
    {
        return drivers::OperationContext(
            stop, std::chrono::steady_clock::now() + 30s,
            [this](ProgressStage stage, const nlohmann::json& data) {
                std::function<void(ProgressStage, const nlohmann::json&)> hook;
                {
                    std::lock_guard lock(mutex_);
                    events_.push_back({stage, data});
                    hook = on_progress_;
                }
                if (hook)
                    hook(stage, data);
            });
    }

    drivers::SignatureCapture capture(drivers::SignatureCaptureRequest request = {},
                                      std::stop_token stop = {})
    {
        return pad_->capture(request, context(stop));
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

    std::vector<ProgressEvent> events()
    {
        std::lock_guard lock(mutex_);
        return events_;
    }

    void expect_good_capture()
    {
        const auto result = capture();
        expect_same_strokes(result.strokes, emulator_->last_drawn_strokes());
        EXPECT_EQ(result.finished_by, drivers::SignatureFinish::ok_button);
    }

    sim::SignaturePadEmulatorSettings settings_;
    sim::EmulatedBus bus_;
    std::shared_ptr<sim::SignaturePadEmulator> emulator_;
    nlohmann::json options_;
    std::unique_ptr<drivers::Device> device_;
    drivers::SignaturePad* pad_ = nullptr; // view of device_
    drivers::DeviceIdentity identity_;
    std::mutex mutex_;
    std::vector<ProgressEvent> events_;
    std::function<void(ProgressStage, const nlohmann::json&)> on_progress_;
    std::string last_reason_;
};

TEST_F(SignaturePadDriverTest, ProbeReadsIdentityAndSurface)
{
    EXPECT_EQ(identity_.manufacturer, "Ktpel Sim");
    EXPECT_EQ(identity_.model, "KSP Signature Pad (emulated)");
    EXPECT_EQ(identity_.serial, "SIM-SIG-0001");
    EXPECT_EQ(identity_.firmware, "1.0.0");
    const auto geometry = pad_->geometry();
    EXPECT_EQ(geometry.width, 9600);
    EXPECT_EQ(geometry.height, 6000);
    EXPECT_DOUBLE_EQ(geometry.units_per_mm, 100.0);
    EXPECT_EQ(geometry.max_pressure, 1023);
    EXPECT_EQ(geometry.report_rate_hz, 200);
    const auto capabilities = pad_->capabilities();
    EXPECT_EQ(capabilities["protocol"], "ksp");
    EXPECT_EQ(capabilities["protocol_version"], "1.0");
    EXPECT_DOUBLE_EQ(capabilities["width_mm"].get<double>(), 96.0);
    EXPECT_EQ(capabilities["buttons"], nlohmann::json({"ok", "clear", "cancel"}));
}

TEST_F(SignaturePadDriverTest, CaptureReturnsExactlyWhatTheGeneratorDrew)
{
    const auto result = capture();
    EXPECT_EQ(emulator_->impressions(), 1u);
    expect_same_strokes(result.strokes, generated_strokes(settings_, 1));
    expect_same_strokes(result.strokes, emulator_->last_drawn_strokes());
    EXPECT_EQ(result.finished_by, drivers::SignatureFinish::ok_button);
    EXPECT_EQ(result.reports_lost, 0u);
    EXPECT_EQ(result.restarts, 0u);
    EXPECT_EQ(result.geometry.width, 9600);
    EXPECT_GT(result.elapsed.count(), 0);
    EXPECT_FALSE(emulator_->capturing()); // stopped after OK
    EXPECT_TRUE(biometrics::signature::assess_signature(result).passed());
}

TEST_F(SignaturePadDriverTest, ProgressCarriesEveryNewPointOnce)
{
    const auto result = capture();
    const auto seen = events();
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.front().stage, ProgressStage::waiting_for_subject);
    EXPECT_EQ(seen.front().data["width"], 9600);
    EXPECT_EQ(seen.front().data["cleared"], false);
    std::size_t detected_at = seen.size();
    std::size_t first_capturing = seen.size();
    std::vector<drivers::PenStroke> rebuilt;
    std::size_t capturing_reports = 0;
    for (std::size_t i = 0; i < seen.size(); ++i) {
        if (seen[i].stage == ProgressStage::subject_detected && detected_at == seen.size())
            detected_at = i;
        if (seen[i].stage != ProgressStage::capturing)
            continue;
        first_capturing = std::min(first_capturing, i);
        ++capturing_reports;
        std::size_t offset = 0;
        for (const auto& stroke : rebuilt)
            offset += stroke.samples.size();
        EXPECT_EQ(seen[i].data["point_offset"].get<std::size_t>(), offset);
        for (const auto& point : seen[i].data["points"]) {
            const auto stroke = point[0].get<std::size_t>();
            ASSERT_LE(stroke, rebuilt.size());
            if (stroke == rebuilt.size())
                rebuilt.emplace_back();
            rebuilt[stroke].samples.push_back(
                {point[1].get<std::uint16_t>(), point[2].get<std::uint16_t>(),
                 point[3].get<std::uint16_t>(), point[4].get<std::uint32_t>(),
                 drivers::PenContact::down});
        }
    }
    EXPECT_LT(detected_at, first_capturing);
    expect_same_strokes(rebuilt, result.strokes);
    // At least one report per pen lift: the preview never lags a stroke.
    EXPECT_GE(capturing_reports, result.strokes.size());
}

TEST_F(SignaturePadDriverTest, EachCaptureIsANewRenditionOfTheSamePerson)
{
    const auto first = capture();
    const auto second = capture();
    EXPECT_EQ(emulator_->impressions(), 2u);
    expect_same_strokes(second.strokes, generated_strokes(settings_, 2));
    EXPECT_EQ(first.strokes.size(), second.strokes.size());
    EXPECT_FALSE(identical(first.strokes, second.strokes));
}

TEST_F(SignaturePadDriverTest, ClearWipesThePadsScreen)
{
    capture();
    EXPECT_GT(emulator_->screen_ink_points(), 100u); // the ink stays on show after OK
    pad_->clear(context());
    EXPECT_EQ(emulator_->screen_ink_points(), 0u);
}

TEST_F(SignaturePadDriverTest, StopTokenCancelsMidSignatureAndThePadGoesIdle)
{
    std::stop_source stop;
    on_progress_ = [&](ProgressStage stage, const nlohmann::json&) {
        if (stage == ProgressStage::capturing)
            stop.request_stop();
    };
    EXPECT_EQ(failure_of([&] { capture({}, stop.get_token()); }), DeviceFailure::Kind::cancelled);
    EXPECT_EQ(last_reason_, "cancelled");
    EXPECT_FALSE(emulator_->capturing()); // the driver stopped the pad
    on_progress_ = nullptr;
    expect_good_capture();
}

TEST_F(SignaturePadDriverTest, StopTokenWakesACaptureWaitingForTheApplicant)
{
    emulator_->inject("no_subject", {});
    std::stop_source stop;
    std::promise<void> waiting;
    on_progress_ = [&](ProgressStage stage, const nlohmann::json&) {
        if (stage == ProgressStage::waiting_for_subject)
            waiting.set_value();
    };
    auto pending = std::async(std::launch::async, [&] {
        return failure_of([&] { capture({.timeout = 20s}, stop.get_token()); });
    });
    waiting.get_future().wait();
    stop.request_stop();
    EXPECT_EQ(pending.get(), DeviceFailure::Kind::cancelled);
    EXPECT_FALSE(emulator_->capturing());
}

TEST_F(SignaturePadDriverTest, CancelButtonIsATypedCancellation)
{
    emulator_->inject("cancel_button", {});
    EXPECT_EQ(failure_of([&] { capture(); }), DeviceFailure::Kind::cancelled);
    EXPECT_EQ(last_reason_, "cancel_button");
    EXPECT_FALSE(emulator_->capturing());
    expect_good_capture(); // one-shot
}

TEST_F(SignaturePadDriverTest, ClearButtonStartsTheSignatureOver)
{
    emulator_->inject("clear_button", {});
    const auto result = capture();
    EXPECT_EQ(result.restarts, 1u);
    EXPECT_EQ(emulator_->impressions(), 2u); // a spoilt attempt, then the signature
    expect_same_strokes(result.strokes, emulator_->last_drawn_strokes());
    const auto seen = events();
    const auto cleared = std::find_if(seen.begin(), seen.end(), [](const ProgressEvent& event) {
        return event.stage == ProgressStage::waiting_for_subject && event.data["cleared"] == true;
    });
    ASSERT_NE(cleared, seen.end());
    // After the wipe, points start again from stroke 0, offset 0.
    const auto next = std::find_if(cleared, seen.end(), [](const ProgressEvent& event) {
        return event.stage == ProgressStage::capturing;
    });
    ASSERT_NE(next, seen.end());
    EXPECT_EQ(next->data["point_offset"], 0);
    EXPECT_EQ(next->data["points"][0][0], 0);
}

TEST_F(SignaturePadDriverTest, UnplugMidSignatureIsDisconnectedAndAReplugWorks)
{
    bool unplugged = false;
    on_progress_ = [&](ProgressStage stage, const nlohmann::json&) {
        if (stage == ProgressStage::capturing && !unplugged) {
            unplugged = true;
            bus_.unplug("sim-pad");
        }
    };
    EXPECT_EQ(failure_of([&] { capture(); }), DeviceFailure::Kind::disconnected);
    EXPECT_EQ(last_reason_, "unplugged");
    EXPECT_TRUE(unplugged);
    on_progress_ = nullptr;
    // The stale driver keeps failing the same way until the manager rebinds.
    EXPECT_EQ(failure_of([&] { pad_->clear(context()); }), DeviceFailure::Kind::disconnected);
    bus_.replug("sim-pad");
    EXPECT_EQ(failure_of([&] { pad_->clear(context()); }), DeviceFailure::Kind::disconnected);
    bind(); // what the device manager does on arrival; the emulator is the same object
    EXPECT_FALSE(emulator_->capturing());
    expect_good_capture();
}

TEST_F(SignaturePadDriverTest, StalledEndpointIsAHardwareErrorAndTheDriverRecovers)
{
    emulator_->inject("stall", {});
    EXPECT_EQ(failure_of([&] { capture(); }), DeviceFailure::Kind::hardware);
    EXPECT_EQ(last_reason_, "endpoint_stalled");
    expect_good_capture();
}

TEST_F(SignaturePadDriverTest, SensorFaultIsTheHardwareRefusingToStart)
{
    emulator_->inject("sensor_fault", {});
    EXPECT_EQ(failure_of([&] { capture(); }), DeviceFailure::Kind::hardware);
    EXPECT_EQ(last_reason_, "ksp_sensor_fault");
    expect_good_capture();
}

TEST_F(SignaturePadDriverTest, NobodySigningFailsAtTheDeadlineAsNoSubject)
{
    emulator_->inject("no_subject", {});
    EXPECT_EQ(failure_of([&] { capture({.timeout = 300ms}); }), DeviceFailure::Kind::no_subject);
    EXPECT_EQ(last_reason_, "no_signature");
    EXPECT_FALSE(emulator_->capturing());
    emulator_->inject("clear", {});
    expect_good_capture();
}

TEST_F(SignaturePadDriverTest, AHungPadIsDetectedAndTheNextCaptureWorks)
{
    emulator_.reset();
    start({{"silence_limit_ms", 500}});
    emulator_->inject("hang", {});
    EXPECT_EQ(failure_of([&] { capture(); }), DeviceFailure::Kind::hardware);
    EXPECT_EQ(last_reason_, "device_not_responding");
    expect_good_capture();
}

TEST_F(SignaturePadDriverTest, WithoutOkTheIdleRuleFinishes)
{
    emulator_->inject("no_ok_button", {});
    drivers::SignatureCaptureRequest request;
    request.finish_after_idle = 1500ms;
    const auto result = capture(request);
    EXPECT_EQ(result.finished_by, drivers::SignatureFinish::pen_idle);
    expect_same_strokes(result.strokes, emulator_->last_drawn_strokes());
}

TEST_F(SignaturePadDriverTest, WithoutOkOrIdleRuleTheSignatureIsUnfinished)
{
    emulator_->inject("no_ok_button", {});
    EXPECT_EQ(failure_of([&] { capture({.timeout = 1500ms}); }), DeviceFailure::Kind::timeout);
    EXPECT_EQ(last_reason_, "signature_unfinished");
}

TEST_F(SignaturePadDriverTest, ALiftedPenGivesAShortSignatureTheChecksFlag)
{
    emulator_->inject("pen_lift", {});
    const auto result = capture();
    ASSERT_EQ(result.strokes.size(), 1u);
    expect_same_strokes(result.strokes, emulator_->last_drawn_strokes());
    const auto assessment = biometrics::signature::assess_signature(result);
    EXPECT_FALSE(assessment.passed());
    EXPECT_FALSE(assessment.check("ink").passed);
    EXPECT_FALSE(assessment.check("duration").passed);
    EXPECT_FALSE(assessment.check("size").passed);
    EXPECT_TRUE(assessment.check("strokes").passed);
}

TEST_F(SignaturePadDriverTest, ASlowSignerTakesLonger)
{
    const auto span = [](const drivers::SignatureCapture& c) {
        return c.strokes.back().samples.back().time_ms - c.strokes.front().samples.front().time_ms;
    };
    const auto normal = capture();
    emulator_->inject("slow", {{"factor", 2.5}});
    const auto slow = capture();
    EXPECT_GT(span(slow), 2 * span(normal));
}

TEST_F(SignaturePadDriverTest, BadOptionIsReportedByProbe)
{
    const auto* driver = drivers::DriverRegistry::instance().find("ksp-signature-pad");
    drivers::DriverBinding binding;
    binding.usb = bus_.open("sim-pad");
    binding.options = {{"silence_limit_ms", 100}};
    auto device = driver->create(std::move(binding));
    EXPECT_EQ(failure_of([&] { device->probe(context()); }), DeviceFailure::Kind::invalid);
    EXPECT_EQ(last_reason_, "bad_option");
}

TEST_F(SignaturePadDriverTest, BadRequestIsInvalid)
{
    EXPECT_EQ(failure_of([&] { capture({.timeout = 5s, .minimum_ink_mm = -1}); }),
              DeviceFailure::Kind::invalid);
    EXPECT_EQ(last_reason_, "bad_request");
}

TEST_F(SignaturePadDriverTest, TheRegistryMatchesThePadsUsbId)
{
    const auto* driver = drivers::DriverRegistry::instance().find("ksp-signature-pad");
    ASSERT_NE(driver, nullptr);
    ASSERT_EQ(driver->usb_ids.size(), 1u);
    const auto description = emulator_->description();
    EXPECT_EQ(driver->usb_ids[0].vendor_id, description.vendor_id);
    EXPECT_EQ(driver->usb_ids[0].product_id, description.product_id);
}

} // namespace
} // namespace ktpel
