// SPDX-License-Identifier: Apache-2.0
#include <thread>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "daemon/api/domain_error_mapping.hpp"
#include "daemon/devices/device_manager.hpp"
#include "drivers/classes/fingerprint_scanner.hpp"
#include "sim/emulators/emulated_bus.hpp"
#include "sim/emulators/emulated_reader_bus.hpp"
#include "sim/emulators/kip_emulator.hpp"

namespace ktpel::daemon {
namespace {

using namespace std::chrono_literals;

// The code a client would see for an outcome's failure (the one table).
ErrorCode code_of(const DomainError& error)
{
    return to_protocol_error(error).code;
}

struct RecordingSink final : EventSink
{
    void publish(const std::string& topic, nlohmann::json data, std::vector<SharedBytes>) override
    {
        events.emplace_back(topic, std::move(data));
    }
    std::size_t count(const std::string& topic) const
    {
        return std::count_if(events.begin(), events.end(),
                             [&](const auto& e) { return e.first == topic; });
    }
    std::vector<std::pair<std::string, nlohmann::json>> events;
};

class DeviceManagerTest : public ::testing::Test
{
protected:
    DeviceManagerTest()
    {
        sim::KipEmulatorSettings settings;
        settings.subject_delay = 20ms;
        emulator_ = std::make_shared<sim::KipEmulator>(settings);
        bus_.attach("sim-1", emulator_);
        config::DeviceConfig device;
        device.id = "fp0";
        device.driver = "kip-fingerprint";
        device.match.vendor_id = 0x2e5a;
        device.match.product_id = 0x0f01;
        config::DeviceConfig absent = device;
        absent.id = "fp1";
        absent.match.serial = "NOT-PLUGGED";
        manager_ = std::make_unique<DeviceManager>(
            io_, sink_, bus_, &readers_, std::vector<config::DeviceConfig>{device, absent});
    }

    // Runs the loop until `done` holds (or fails the test after 10 s).
    void run_until(const std::function<bool()>& done)
    {
        const auto give_up = std::chrono::steady_clock::now() + 10s;
        while (!done() && std::chrono::steady_clock::now() < give_up) {
            io_.restart();
            io_.run_for(10ms);
        }
        ASSERT_TRUE(done());
    }

    std::string state(const std::string& id) { return manager_->describe(id).at("state"); }

    OperationRequest capture_request(std::optional<OperationOutcome>& outcome)
    {
        OperationRequest request;
        request.device_id = "fp0";
        request.claimant = "test";
        request.work = [](drivers::Device& device, const drivers::OperationContext& context) {
            auto capture = dynamic_cast<drivers::FingerprintScanner&>(device).capture(
                {drivers::SlapSlot::left_four, 5s}, context);
            OperationOutcome outcome;
            outcome.result = {{"width", capture.image.width}};
            return outcome;
        };
        request.on_done = [&outcome](OperationOutcome result) {
            outcome = std::move(result);
        };
        return request;
    }

    boost::asio::io_context io_;
    RecordingSink sink_;
    sim::EmulatedBus bus_;
    sim::EmulatedReaderBus readers_;
    std::shared_ptr<sim::KipEmulator> emulator_;
    std::unique_ptr<DeviceManager> manager_;
};

TEST_F(DeviceManagerTest, BindsWhatIsPluggedAndReportsTheRestAbsent)
{
    manager_->start();
    run_until([&] { return state("fp0") == "ready"; });
    EXPECT_EQ(state("fp1"), "absent");
    EXPECT_EQ(manager_->describe("fp0").at("identity").at("serial"), "SIM-FP-0001");
    EXPECT_EQ(sink_.count("device.added"), 1u);
    EXPECT_THROW(manager_->describe("nope"), DomainError);
}

TEST_F(DeviceManagerTest, OneClaimantAtATime)
{
    manager_->start();
    run_until([&] { return state("fp0") == "ready"; });
    std::optional<OperationOutcome> first, second;
    manager_->run(capture_request(first));
    EXPECT_EQ(state("fp0"), "busy");
    try {
        manager_->run(capture_request(second));
        FAIL() << "a second claimant got the device";
    } catch (const DomainError& domain) {
        const auto e = ProtocolError(to_protocol_error(domain));
        EXPECT_EQ(e.code(), ErrorCode::device_busy);
        EXPECT_EQ(e.error().details.at("claimed_by"), "test");
    }
    run_until([&] { return first.has_value(); });
    EXPECT_FALSE(first->error);
    EXPECT_EQ(first->result.at("width"), 1600);
    EXPECT_EQ(state("fp0"), "ready");
}

TEST_F(DeviceManagerTest, HotplugMovesBetweenAbsentAndReady)
{
    manager_->start();
    run_until([&] { return state("fp0") == "ready"; });
    bus_.unplug("sim-1");
    EXPECT_EQ(state("fp0"), "absent");
    EXPECT_EQ(sink_.count("device.removed"), 1u);
    std::optional<OperationOutcome> outcome;
    try {
        manager_->run(capture_request(outcome));
        FAIL();
    } catch (const DomainError& domain) {
        const auto e = ProtocolError(to_protocol_error(domain));
        EXPECT_EQ(e.code(), ErrorCode::device_absent);
    }
    bus_.replug("sim-1");
    run_until([&] { return state("fp0") == "ready"; });
    EXPECT_EQ(sink_.count("device.added"), 2u);
}

TEST_F(DeviceManagerTest, UnplugMidOperationAnswersDeviceAbsent)
{
    manager_->start();
    run_until([&] { return state("fp0") == "ready"; });
    emulator_->inject("subject_delay", {{"ms", 3000}});
    std::optional<OperationOutcome> outcome;
    manager_->run(capture_request(outcome));
    std::this_thread::sleep_for(200ms); // the capture is now waiting for a finger
    bus_.unplug("sim-1");
    run_until([&] { return outcome.has_value(); });
    ASSERT_TRUE(outcome->error);
    EXPECT_EQ(code_of(*outcome->error), ErrorCode::device_absent);
    EXPECT_EQ(state("fp0"), "absent");
}

TEST_F(DeviceManagerTest, HardwareFailureIsAnErrorStateUntilTheNextSuccess)
{
    manager_->start();
    run_until([&] { return state("fp0") == "ready"; });
    emulator_->inject("stall", {});
    std::optional<OperationOutcome> failed, recovered;
    manager_->run(capture_request(failed));
    run_until([&] { return failed.has_value(); });
    ASSERT_TRUE(failed->error);
    EXPECT_EQ(code_of(*failed->error), ErrorCode::device_error);
    EXPECT_EQ(state("fp0"), "error");
    EXPECT_EQ(manager_->describe("fp0").at("reason"), "endpoint_stalled");
    manager_->run(capture_request(recovered));
    run_until([&] { return recovered.has_value(); });
    EXPECT_FALSE(recovered->error);
    EXPECT_EQ(state("fp0"), "ready");
}

TEST_F(DeviceManagerTest, CancelStopsTheOperation)
{
    manager_->start();
    run_until([&] { return state("fp0") == "ready"; });
    emulator_->inject("subject_delay", {{"ms", 10000}});
    std::optional<OperationOutcome> outcome;
    auto stop = manager_->run(capture_request(outcome));
    std::this_thread::sleep_for(100ms);
    stop.request_stop();
    run_until([&] { return outcome.has_value(); });
    ASSERT_TRUE(outcome->error);
    EXPECT_EQ(code_of(*outcome->error), ErrorCode::cancelled);
    EXPECT_EQ(state("fp0"), "ready");
}

} // namespace
} // namespace ktpel::daemon
