// SPDX-License-Identifier: Apache-2.0
// The two halves of KSP against each other: the driver's codec writes
// commands the emulated pad reads, and reads the answers and reports the
// pad writes. Each half was written on its own from docs/signature-pad.md,
// so a slip in either shows here.
#include <gtest/gtest.h>

#include "drivers/signpad/ksp_frame.hpp"
#include "drivers/signpad/ksp_messages.hpp"
#include "drivers/signpad/ksp_report.hpp"
#include "sim/emulators/ksp_device_wire.hpp"

namespace ktpel {
namespace {

using Bytes = std::vector<std::uint8_t>;
namespace pad = sim::ksp_wire;

signpad::Frame host_reads(const Bytes& bytes)
{
    signpad::FrameReader reader;
    reader.feed(bytes);
    auto frame = reader.next();
    if (!frame)
        throw std::runtime_error("the host is still waiting for the frame's end");
    EXPECT_EQ(reader.buffered(), 0u);
    return *frame;
}

pad::CommandFrame pad_reads(const Bytes& bytes)
{
    pad::CommandStream stream;
    stream.append(bytes);
    auto command = stream.take();
    if (!command)
        throw std::runtime_error("the pad is still waiting for the command's end");
    EXPECT_FALSE(stream.take());
    return *command;
}

TEST(KspWireHalves, ThePadReadsTheHostsCommandsWhateverTheTransferBoundaries)
{
    Bytes stream = signpad::encode(signpad::Frame{signpad::Opcode::identify, 7, {}});
    const auto start = signpad::encode(signpad::Frame{
        signpad::Opcode::start_capture, 8, signpad::encode(signpad::StartOptions{false})});
    stream.insert(stream.end(), start.begin(), start.end());

    pad::CommandStream device;
    std::vector<pad::CommandFrame> commands;
    for (const std::uint8_t byte : stream) {
        device.append(std::span(&byte, 1));
        while (auto command = device.take())
            commands.push_back(std::move(*command));
    }
    ASSERT_EQ(commands.size(), 2u);
    EXPECT_EQ(commands[0].opcode, static_cast<std::uint8_t>(pad::Command::identify));
    EXPECT_EQ(commands[0].tag, 7);
    EXPECT_EQ(commands[1].opcode, static_cast<std::uint8_t>(pad::Command::start_capture));
    ASSERT_EQ(commands[1].payload.size(), 1u);
    EXPECT_FALSE(pad::reports_hover(commands[1].payload[0]));
    const auto hover = pad_reads(signpad::encode(signpad::Frame{
        signpad::Opcode::start_capture, 9, signpad::encode(signpad::StartOptions{true})}));
    EXPECT_TRUE(pad::reports_hover(hover.payload.at(0)));
}

TEST(KspWireHalves, TheHostReadsThePadsAnswers)
{
    const auto command =
        pad_reads(signpad::encode(signpad::Frame{signpad::Opcode::identify, 3, {}}));
    const auto identity = host_reads(
        pad::answer(command, pad::identity({"Ktpel Sim", "Pad", "SIM-SIG-0001", "1.0.0"})));
    EXPECT_EQ(identity.opcode, signpad::Opcode::identity);
    EXPECT_EQ(identity.tag, 3);
    const auto decoded = signpad::decode_identity(identity.payload);
    EXPECT_EQ(decoded.protocol_version, signpad::kProtocolVersion);
    EXPECT_EQ(decoded.manufacturer, "Ktpel Sim");
    EXPECT_EQ(decoded.model, "Pad");
    EXPECT_EQ(decoded.serial, "SIM-SIG-0001");
    EXPECT_EQ(decoded.firmware, "1.0.0");

    const auto ask = pad_reads(signpad::encode(signpad::Frame{signpad::Opcode::get_info, 4, {}}));
    pad::Surface surface{9600, 6000, 100000, 1023, 200, 320, 200};
    surface.clear_button = false;
    const auto info = host_reads(pad::answer(ask, pad::surface(surface)));
    EXPECT_EQ(info.opcode, signpad::Opcode::info);
    const auto pad_info = signpad::decode_pad_info(info.payload);
    EXPECT_EQ(pad_info.width, 9600);
    EXPECT_EQ(pad_info.height, 6000);
    EXPECT_EQ(pad_info.units_per_metre, 100000u);
    EXPECT_EQ(pad_info.max_pressure, 1023);
    EXPECT_EQ(pad_info.report_rate_hz, 200);
    EXPECT_EQ(pad_info.screen_width, 320);
    EXPECT_EQ(pad_info.screen_height, 200);
    EXPECT_EQ(pad_info.buttons, signpad::kButtonOkBit | signpad::kButtonCancelBit);

    const auto stop =
        pad_reads(signpad::encode(signpad::Frame{signpad::Opcode::stop_capture, 5, {}}));
    const auto stopped = host_reads(pad::answer(stop));
    EXPECT_EQ(stopped.opcode, signpad::response_to(signpad::Opcode::stop_capture));
    EXPECT_TRUE(stopped.payload.empty());

    const auto refused = host_reads(pad::refusal(stop, pad::Refusal::sensor_fault, "self test"));
    EXPECT_EQ(refused.opcode, signpad::Opcode::error);
    EXPECT_EQ(refused.tag, 5);
    const auto error = signpad::decode_device_error(refused.payload);
    EXPECT_EQ(error.code, signpad::ErrorCode::sensor_fault);
    EXPECT_EQ(error.message, "self test");
}

TEST(KspWireHalves, TheHostReadsThePadsReports)
{
    const auto pen =
        signpad::decode_report(pad::pen_report({true, true, 1234, 5678, 900}, 17, 2500));
    EXPECT_EQ(pen.sequence, 17);
    EXPECT_EQ(pen.time_ms, 2500u);
    const auto& stylus = std::get<signpad::PenReport>(pen.body);
    EXPECT_TRUE(stylus.tip);
    EXPECT_TRUE(stylus.in_proximity);
    EXPECT_EQ(stylus.x, 1234);
    EXPECT_EQ(stylus.y, 5678);
    EXPECT_EQ(stylus.pressure, 900);

    const auto away = signpad::decode_report(pad::pen_report({false, false, 1, 2, 0}, 18, 2505));
    EXPECT_FALSE(std::get<signpad::PenReport>(away.body).in_proximity);

    for (const auto& [button, expected] :
         {std::pair{pad::Button::ok, signpad::PadButton::ok},
          std::pair{pad::Button::clear, signpad::PadButton::clear},
          std::pair{pad::Button::cancel, signpad::PadButton::cancel}}) {
        const auto press = signpad::decode_report(pad::button_report(button, 19, 3000));
        EXPECT_EQ(std::get<signpad::ButtonReport>(press.body).button, expected);
        EXPECT_EQ(press.sequence, 19);
    }

    const auto beat = signpad::decode_report(pad::heartbeat_report(true, 65535, 250));
    EXPECT_TRUE(std::get<signpad::HeartbeatReport>(beat.body).capturing);
    EXPECT_EQ(beat.sequence, 65535);
    EXPECT_EQ(beat.time_ms, 250u);
    EXPECT_EQ(pad::kHeartbeatPeriodMs, signpad::kHeartbeatIntervalMs);
}

TEST(KspWireHalves, ThePadRefusesMalformedCommandsWithItsOwnError)
{
    pad::CommandStream device;
    device.append(Bytes{'K', 'X'});
    EXPECT_THROW(device.take(), pad::BadCommand); // bad magic, seen at once

    device.clear();
    device.append(Bytes{'K', 'S', 0x01, 0, 0x01, 0x04}); // 1025 payload bytes announced
    EXPECT_THROW(device.take(), pad::BadCommand);

    // A truncated command is waited for.
    const auto start = signpad::encode(signpad::Frame{signpad::Opcode::start_capture, 1, {0x01}});
    device.clear();
    device.append(std::span(start).first(start.size() - 1));
    EXPECT_FALSE(device.take());

    EXPECT_THROW(pad::reports_hover(0x03), pad::BadCommand); // a reserved flag
}

TEST(KspWireHalves, TheHostRefusesMalformedPadBytesWithItsOwnError)
{
    auto report = pad::button_report(pad::Button::ok, 1, 2);
    report.pop_back(); // a truncated transfer
    EXPECT_THROW(signpad::decode_report(report), signpad::FrameError);
    // Tip down out of range breaks the protocol's rule, whoever wrote it.
    EXPECT_THROW(signpad::decode_report(pad::pen_report({true, false, 1, 1, 1}, 0, 0)),
                 signpad::FrameError);

    const auto ask = pad_reads(signpad::encode(signpad::Frame{signpad::Opcode::get_info, 4, {}}));
    auto info = host_reads(pad::answer(ask, pad::surface({})));
    info.payload.pop_back();
    EXPECT_THROW(signpad::decode_pad_info(info.payload), signpad::FrameError);
}

} // namespace
} // namespace ktpel
