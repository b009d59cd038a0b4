// SPDX-License-Identifier: Apache-2.0
// The two halves of KIP against each other: what the driver's codec
// writes, the emulated device reads, and what the device writes, the
// driver's codec reads. Each half was written on its own from
// docs/drivers/kip.md, so a slip in either shows here.
#include <gtest/gtest.h>

#include "drivers/kip/kip_frame.hpp"
#include "sim/emulators/kip_device_wire.hpp"

namespace ktpel {
namespace {

using Bytes = std::vector<std::uint8_t>;

// The driver's reader over everything the device sent.
kip::Frame host_reads(const Bytes& bytes)
{
    kip::FrameReader reader;
    reader.feed(bytes);
    auto frame = reader.next();
    if (!frame)
        throw std::runtime_error("the host is still waiting for the frame's end");
    EXPECT_EQ(reader.buffered(), 0u);
    return *frame;
}

TEST(KipWireHalves, TheDeviceReadsTheHostsCommandsWhateverTheTransferBoundaries)
{
    const auto capture = kip::encode(kip::Frame{
        kip::MessageType::capture, 41,
        kip::PayloadWriter{}.u8(kip::kModeHandRight | 4).u32(15000).u8(kip::kCaptureLive).take()});
    const auto abort = kip::encode(kip::Frame{kip::MessageType::abort, 42, {}});
    Bytes stream = capture;
    stream.insert(stream.end(), abort.begin(), abort.end());

    sim::kip_wire::CommandStream device;
    std::vector<sim::kip_wire::CommandFrame> commands;
    for (std::size_t at = 0; at < stream.size(); at += 5) {
        device.append(std::span(stream).subspan(at, std::min<std::size_t>(5, stream.size() - at)));
        while (auto command = device.take())
            commands.push_back(std::move(*command));
    }
    ASSERT_EQ(commands.size(), 2u);
    EXPECT_EQ(commands[0].command, static_cast<std::uint8_t>(sim::kip_wire::Command::capture));
    EXPECT_EQ(commands[0].sequence, 41);
    const auto arguments = sim::kip_wire::read_capture(commands[0].payload);
    EXPECT_EQ(arguments.count, 4);
    EXPECT_EQ(arguments.hint, sim::kip_wire::kRightHandHint);
    EXPECT_EQ(arguments.timeout_ms, 15000u);
    EXPECT_TRUE(arguments.live);
    EXPECT_EQ(commands[1].command, static_cast<std::uint8_t>(sim::kip_wire::Command::abort));
    EXPECT_EQ(commands[1].sequence, 42);
    EXPECT_TRUE(commands[1].payload.empty());
}

TEST(KipWireHalves, ACaptureWithoutFlagsIsOneShot)
{
    const auto payload = kip::PayloadWriter{}.u8(0x31).u32(500).take();
    const auto arguments = sim::kip_wire::read_capture(payload);
    EXPECT_EQ(arguments.count, 1);
    EXPECT_EQ(arguments.hint, 3);
    EXPECT_FALSE(arguments.live);
}

TEST(KipWireHalves, TheHostReadsTheDevicesInfoAndStatus)
{
    sim::kip_wire::Identity identity{1600,
                                     1500,
                                     500,
                                     sim::kip_wire::Modality::iris_dual,
                                     2,
                                     "Ktpel Sim",
                                     "KIP Slap Scanner",
                                     "SIM-FP-0001",
                                     std::string(300, 'v')};
    const auto info = host_reads(
        sim::kip_wire::frame(sim::kip_wire::Message::info, 9, sim::kip_wire::info(identity)));
    EXPECT_EQ(info.type, kip::MessageType::info);
    EXPECT_EQ(info.sequence, 9);
    kip::PayloadReader fields(info.payload);
    EXPECT_EQ(fields.u16(), 1600);
    EXPECT_EQ(fields.u16(), 1500);
    EXPECT_EQ(fields.u16(), 500);
    EXPECT_EQ(fields.u8(), static_cast<std::uint8_t>(kip::Modality::iris_dual));
    EXPECT_EQ(fields.u8(), 2);
    EXPECT_EQ(fields.u8_prefixed_text(), "Ktpel Sim");
    EXPECT_EQ(fields.u8_prefixed_text(), "KIP Slap Scanner");
    EXPECT_EQ(fields.u8_prefixed_text(), "SIM-FP-0001");
    EXPECT_EQ(fields.u8_prefixed_text(), std::string(255, 'v')); // cut to the length byte's reach
    EXPECT_TRUE(fields.rest().empty());

    const auto status = host_reads(sim::kip_wire::frame(sim::kip_wire::Message::status, 10,
                                                        sim::kip_wire::status(true, false)));
    EXPECT_EQ(status.type, kip::MessageType::status);
    EXPECT_EQ(status.payload, (Bytes{1, 0}));
}

TEST(KipWireHalves, TheHostReadsAnImageAndItsCrc)
{
    Bytes image(5000);
    for (std::size_t i = 0; i < image.size(); ++i)
        image[i] = static_cast<std::uint8_t>(i * 13);
    const auto begin = host_reads(sim::kip_wire::frame(
        sim::kip_wire::Message::image_begin, 3, sim::kip_wire::image_begin(1, 2, 100, 50, 5000)));
    EXPECT_EQ(begin.type, kip::MessageType::image_begin);
    kip::PayloadReader announced(begin.payload);
    EXPECT_EQ(announced.u8(), 1);
    EXPECT_EQ(announced.u8(), 2);
    EXPECT_EQ(announced.u16(), 100);
    EXPECT_EQ(announced.u16(), 50);
    EXPECT_EQ(announced.u32(), 5000u);

    const auto chunk = host_reads(
        sim::kip_wire::frame(sim::kip_wire::Message::image_data, 3,
                             sim::kip_wire::image_data(4096, std::span(image).subspan(4096))));
    kip::PayloadReader data(chunk.payload);
    EXPECT_EQ(data.u32(), 4096u);
    EXPECT_EQ(data.rest().size(), 5000u - 4096u);

    const auto end = host_reads(sim::kip_wire::frame(sim::kip_wire::Message::image_end, 3,
                                                     sim::kip_wire::image_end(image)));
    EXPECT_EQ(end.type, kip::MessageType::image_end);
    EXPECT_EQ(kip::PayloadReader(end.payload).u32(), kip::crc32_of(image));
}

TEST(KipWireHalves, TheHostReadsEventsAcksAndErrors)
{
    const auto event = host_reads(
        sim::kip_wire::frame(sim::kip_wire::Message::event, 4,
                             sim::kip_wire::event(sim::kip_wire::Progress::subject_detected)));
    EXPECT_EQ(event.type, kip::MessageType::event);
    EXPECT_EQ(event.payload,
              (Bytes{static_cast<std::uint8_t>(kip::DeviceEvent::subject_detected)}));

    const auto ack = host_reads(sim::kip_wire::frame(
        sim::kip_wire::Message::ack, 5, sim::kip_wire::ack(sim::kip_wire::Command::abort)));
    EXPECT_EQ(ack.type, kip::MessageType::ack);
    EXPECT_EQ(ack.payload, (Bytes{static_cast<std::uint8_t>(kip::MessageType::abort)}));

    const auto error = host_reads(sim::kip_wire::frame(
        sim::kip_wire::Message::error, 6,
        sim::kip_wire::error(sim::kip_wire::Refusal::stream_timeout, "too long")));
    EXPECT_EQ(error.type, kip::MessageType::error);
    kip::PayloadReader refusal(error.payload);
    EXPECT_EQ(refusal.u16(), static_cast<std::uint16_t>(kip::DeviceErrorCode::stream_timeout));
    const auto text = refusal.rest();
    EXPECT_EQ(std::string(text.begin(), text.end()), "too long");
}

TEST(KipWireHalves, TheDeviceRefusesMalformedCommandsWithItsOwnError)
{
    auto corrupt = kip::encode(kip::Frame{kip::MessageType::get_info, 1, {}});
    corrupt[3] ^= 0x01; // the sequence, under the CRC
    sim::kip_wire::CommandStream device;
    device.append(corrupt);
    EXPECT_THROW(device.take(), sim::kip_wire::BadCommand);

    device.clear();
    device.append(Bytes{'K', 'Q', 1, 1, 0, 0, 0, 0, 0, 0, 0, 0});
    EXPECT_THROW(device.take(), sim::kip_wire::BadCommand); // bad magic

    device.clear();
    device.append(Bytes{'K', 'P', 1, 1, 0, 0, 0x20, 0}); // 2 MiB announced
    EXPECT_THROW(device.take(), sim::kip_wire::BadCommand);

    // A truncated frame is only waited for; a truncated CAPTURE payload
    // inside a whole frame is bad.
    const auto whole = kip::encode(kip::Frame{kip::MessageType::get_status, 2, {}});
    device.clear();
    device.append(std::span(whole).first(whole.size() - 1));
    EXPECT_FALSE(device.take());
    EXPECT_THROW(sim::kip_wire::read_capture(kip::PayloadWriter{}.u8(4).u16(1).take()),
                 sim::kip_wire::BadCommand);
}

TEST(KipWireHalves, TheHostRefusesMalformedDeviceFramesWithItsOwnError)
{
    auto corrupt = sim::kip_wire::frame(sim::kip_wire::Message::image_end, 3,
                                        sim::kip_wire::image_end(Bytes{1, 2, 3}));
    corrupt[9] ^= 0x80; // inside the payload
    kip::FrameReader host;
    host.feed(corrupt);
    EXPECT_THROW(host.next(), kip::FrameError);

    // A whole frame whose payload is shorter than its type needs.
    const auto short_begin =
        host_reads(sim::kip_wire::frame(sim::kip_wire::Message::image_begin, 3, Bytes{0, 1, 0x10}));
    kip::PayloadReader fields(short_begin.payload);
    fields.u8();
    fields.u8();
    EXPECT_THROW(fields.u16(), kip::FrameError);
}

} // namespace
} // namespace ktpel
