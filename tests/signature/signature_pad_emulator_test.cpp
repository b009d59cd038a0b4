// SPDX-License-Identifier: Apache-2.0
// The emulated pad on its own, spoken to in raw KSP through the emulated
// bus: what it does with commands it does not know and bytes that are not
// KSP.
#include <gtest/gtest.h>

#include "drivers/signpad/ksp_frame.hpp"
#include "drivers/signpad/ksp_messages.hpp"
#include "drivers/signpad/ksp_report.hpp"
#include "drivers/signpad/ksp_usb_ids.hpp"
#include "sim/emulators/emulated_bus.hpp"
#include "sim/emulators/signature_pad_emulator.hpp"

namespace ktpel::sim {
namespace {

using namespace std::chrono_literals;
using signpad::Frame;
using signpad::Opcode;

class SignaturePadEmulatorTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        SignaturePadEmulatorSettings settings;
        settings.time_scale = 0.05;
        emulator_ = std::make_shared<SignaturePadEmulator>(settings);
        bus_.attach("pad", emulator_);
        usb_ = bus_.open("pad");
    }

    Frame command(Opcode opcode, std::uint8_t tag, std::vector<std::uint8_t> payload = {})
    {
        usb_->bulk_write(SignaturePadEmulator::kBulkOut,
                         signpad::encode(Frame{opcode, tag, std::move(payload)}), 1s, {});
        return read_frame();
    }

    Frame read_frame()
    {
        signpad::FrameReader reader;
        std::vector<std::uint8_t> buffer(2048);
        for (;;) {
            if (auto frame = reader.next())
                return *frame;
            const auto count = usb_->bulk_read(SignaturePadEmulator::kBulkIn, buffer, 1s, {});
            reader.feed(std::span<const std::uint8_t>(buffer.data(), count));
        }
    }

    signpad::Report read_report()
    {
        std::vector<std::uint8_t> buffer(signpad::kMaxReportSize);
        const auto count = usb_->interrupt_read(SignaturePadEmulator::kInterruptIn, buffer, 2s, {});
        return signpad::decode_report(std::span<const std::uint8_t>(buffer.data(), count));
    }

    EmulatedBus bus_;
    std::shared_ptr<SignaturePadEmulator> emulator_;
    std::unique_ptr<usb::DeviceHandle> usb_;
};

TEST_F(SignaturePadEmulatorTest, DescribesItselfWithTheSignaturePadId)
{
    const auto description = bus_.enumerate().at(0);
    EXPECT_EQ(description.vendor_id, signpad::kSignaturePadId.vendor_id);
    EXPECT_EQ(description.product_id, signpad::kSignaturePadId.product_id);
    EXPECT_EQ(description.serial, "SIM-SIG-0001");
    const auto faults = emulator_->faults();
    for (const char* fault : {"stall", "no_subject", "cancel_button", "clear_button", "pen_lift"})
        EXPECT_NE(std::find(faults.begin(), faults.end(), fault), faults.end()) << fault;
}

TEST_F(SignaturePadEmulatorTest, AnswersEachCommandWithItsResponseAndTheSameTag)
{
    const auto identity = command(Opcode::identify, 77);
    EXPECT_EQ(identity.opcode, Opcode::identity);
    EXPECT_EQ(identity.tag, 77);
    EXPECT_EQ(signpad::decode_identity(identity.payload).model, "KSP Signature Pad (emulated)");
    const auto info = signpad::decode_pad_info(command(Opcode::get_info, 78).payload);
    EXPECT_EQ(info.width, 9600);
    EXPECT_EQ(info.report_rate_hz, 200);
}

TEST_F(SignaturePadEmulatorTest, RefusesUnknownOpcodesAndBadPayloads)
{
    auto refusal = command(static_cast<Opcode>(0x33), 5);
    EXPECT_EQ(refusal.opcode, Opcode::error);
    EXPECT_EQ(refusal.tag, 5);
    EXPECT_EQ(signpad::decode_device_error(refusal.payload).code,
              signpad::ErrorCode::unknown_opcode);
    refusal = command(Opcode::identify, 6, {1, 2});
    EXPECT_EQ(signpad::decode_device_error(refusal.payload).code, signpad::ErrorCode::bad_length);
    refusal = command(Opcode::start_capture, 7, {0x80});
    EXPECT_EQ(signpad::decode_device_error(refusal.payload).code, signpad::ErrorCode::bad_argument);
    EXPECT_FALSE(emulator_->capturing());
}

TEST_F(SignaturePadEmulatorTest, GarbageOnTheCommandPipeHaltsItUntilTheHostMovesOn)
{
    usb_->bulk_write(SignaturePadEmulator::kBulkOut, std::vector<std::uint8_t>{'X', 'Y', 'Z'}, 1s,
                     {});
    std::vector<std::uint8_t> buffer(64);
    try {
        usb_->bulk_read(SignaturePadEmulator::kBulkIn, buffer, 1s, {});
        ADD_FAILURE() << "no stall";
    } catch (const usb::TransferError& error) {
        EXPECT_EQ(error.kind(), usb::TransferErrorKind::stall);
    }
    EXPECT_EQ(command(Opcode::identify, 1).opcode, Opcode::identity);
}

TEST_F(SignaturePadEmulatorTest, CapturingSendsNumberedReportsUntilStopped)
{
    emulator_->inject("no_subject", {});
    EXPECT_EQ(command(Opcode::start_capture, 1, {0x01}).opcode, Opcode::capture_started);
    // Nobody signs: heartbeats every 250 ms of pad time.
    const auto first = read_report();
    const auto second = read_report();
    ASSERT_TRUE(std::holds_alternative<signpad::HeartbeatReport>(first.body));
    EXPECT_EQ(first.sequence, 0);
    EXPECT_EQ(first.time_ms, 250u);
    EXPECT_EQ(second.sequence, 1);
    EXPECT_EQ(second.time_ms, 500u);
    EXPECT_EQ(command(Opcode::stop_capture, 2).opcode, Opcode::capture_stopped);
    EXPECT_FALSE(emulator_->capturing());
}

TEST_F(SignaturePadEmulatorTest, UnknownFaultsAndBadArgumentsAreRefused)
{
    EXPECT_THROW(emulator_->inject("jam", {}), UnknownFault);
    EXPECT_THROW(emulator_->inject("slow", {{"factor", 50}}), UnknownFault);
    EXPECT_THROW(emulator_->inject("subject_delay", {}), UnknownFault);
    EXPECT_NO_THROW(emulator_->inject("slow", {{"factor", 3}}));
    EXPECT_NO_THROW(emulator_->inject("clear", {}));
}

} // namespace
} // namespace ktpel::sim
