// SPDX-License-Identifier: Apache-2.0
// KSP frames, message payloads and interrupt reports: round trips, the
// bytes on the wire, and what a malformed one does.
#include <gtest/gtest.h>

#include "drivers/signpad/ksp_frame.hpp"
#include "drivers/signpad/ksp_messages.hpp"
#include "drivers/signpad/ksp_report.hpp"

namespace ktpel::signpad {
namespace {

using Bytes = std::vector<std::uint8_t>;

TEST(KspFrame, EncodesHeaderThenPayload)
{
    const Bytes bytes = encode(Frame{Opcode::start_capture, 0x2a, {0x01}});
    EXPECT_EQ(bytes, (Bytes{'K', 'S', 0x04, 0x2a, 0x01, 0x00, 0x01}));
}

TEST(KspFrame, RoundTripsThroughTheReaderWhateverTheTransferBoundaries)
{
    Bytes payload(700);
    for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = static_cast<std::uint8_t>(i * 7);
    Bytes stream = encode(Frame{Opcode::identity, 9, payload});
    const Bytes second = encode(Frame{Opcode::screen_cleared, 10, {}});
    stream.insert(stream.end(), second.begin(), second.end());

    for (const std::size_t chunk :
         {std::size_t{1}, std::size_t{5}, std::size_t{64}, stream.size()}) {
        FrameReader reader;
        std::vector<Frame> frames;
        for (std::size_t offset = 0; offset < stream.size(); offset += chunk) {
            const auto count = std::min(chunk, stream.size() - offset);
            reader.feed(std::span<const std::uint8_t>(stream.data() + offset, count));
            while (auto frame = reader.next())
                frames.push_back(std::move(*frame));
        }
        ASSERT_EQ(frames.size(), 2u) << "chunk " << chunk;
        EXPECT_EQ(frames[0].opcode, Opcode::identity);
        EXPECT_EQ(frames[0].tag, 9);
        EXPECT_EQ(frames[0].payload, payload);
        EXPECT_EQ(frames[1].opcode, Opcode::screen_cleared);
        EXPECT_TRUE(frames[1].payload.empty());
        EXPECT_EQ(reader.buffered(), 0u);
    }
}

TEST(KspFrame, BadMagicIsRejectedAtOnce)
{
    FrameReader reader;
    reader.feed(Bytes{'X'});
    EXPECT_THROW(reader.next(), FrameError);
    FrameReader second;
    second.feed(Bytes{'K', 'P', 0x01, 0, 0, 0});
    EXPECT_THROW(second.next(), FrameError);
}

TEST(KspFrame, OversizedLengthIsRejected)
{
    FrameReader reader;
    reader.feed(Bytes{'K', 'S', 0x01, 0, 0x01, 0x04}); // 1025 bytes announced
    EXPECT_THROW(reader.next(), FrameError);
    EXPECT_THROW(encode(Frame{Opcode::identify, 0, Bytes(kMaxPayload + 1)}), FrameError);
}

TEST(KspFrame, IncompleteFrameWaitsForMoreBytes)
{
    FrameReader reader;
    reader.feed(Bytes{'K', 'S', 0x82, 1, 3, 0, 0xaa});
    EXPECT_FALSE(reader.next().has_value());
    reader.feed(Bytes{0xbb, 0xcc});
    const auto frame = reader.next();
    ASSERT_TRUE(frame.has_value());
    EXPECT_EQ(frame->payload, (Bytes{0xaa, 0xbb, 0xcc}));
}

TEST(KspFrame, ResponseOpcodesAndNames)
{
    EXPECT_EQ(response_to(Opcode::identify), Opcode::identity);
    EXPECT_EQ(response_to(Opcode::stop_capture), Opcode::capture_stopped);
    EXPECT_EQ(name_of(Opcode::start_capture), "START_CAPTURE");
    EXPECT_EQ(name_of(static_cast<Opcode>(0x42)), "0x42");
}

TEST(KspMessages, IdentityRoundTrips)
{
    const Identity identity{0x0102, "Ktpel", "Pad", "SN-1", "2.0"};
    const auto decoded = decode_identity(encode(identity));
    EXPECT_EQ(decoded.protocol_version, 0x0102);
    EXPECT_EQ(decoded.manufacturer, "Ktpel");
    EXPECT_EQ(decoded.model, "Pad");
    EXPECT_EQ(decoded.serial, "SN-1");
    EXPECT_EQ(decoded.firmware, "2.0");
}

TEST(KspMessages, PadInfoRoundTripsAndHasItsDocumentedSize)
{
    const PadInfo info{9600, 6000, 100000, 1023, 200, 320, 200, kButtonOkBit | kButtonCancelBit};
    const auto bytes = encode(info);
    EXPECT_EQ(bytes.size(), 17u);
    const auto decoded = decode_pad_info(bytes);
    EXPECT_EQ(decoded.width, 9600);
    EXPECT_EQ(decoded.height, 6000);
    EXPECT_EQ(decoded.units_per_metre, 100000u);
    EXPECT_EQ(decoded.max_pressure, 1023);
    EXPECT_EQ(decoded.report_rate_hz, 200);
    EXPECT_EQ(decoded.screen_width, 320);
    EXPECT_EQ(decoded.screen_height, 200);
    EXPECT_EQ(decoded.buttons, kButtonOkBit | kButtonCancelBit);
}

TEST(KspMessages, PayloadsOfTheWrongSizeAreRejected)
{
    auto bytes = encode(PadInfo{});
    bytes.pop_back();
    EXPECT_THROW(decode_pad_info(bytes), FrameError);
    bytes.push_back(0);
    bytes.push_back(0);
    EXPECT_THROW(decode_pad_info(bytes), FrameError);
    auto identity = encode(Identity{});
    identity[2] = 200; // a string longer than what follows
    EXPECT_THROW(decode_identity(identity), FrameError);
}

TEST(KspMessages, StartOptionsRefuseReservedFlags)
{
    EXPECT_TRUE(decode_start_options(encode(StartOptions{true})).hover_reports);
    EXPECT_FALSE(decode_start_options(encode(StartOptions{false})).hover_reports);
    EXPECT_THROW(decode_start_options(Bytes{0x81}), FrameError);
    EXPECT_THROW(decode_start_options(Bytes{}), FrameError);
}

TEST(KspMessages, DeviceErrorCarriesCodeAndText)
{
    const auto decoded =
        decode_device_error(encode(DeviceError{ErrorCode::sensor_fault, "broken"}));
    EXPECT_EQ(decoded.code, ErrorCode::sensor_fault);
    EXPECT_EQ(decoded.message, "broken");
    EXPECT_EQ(snake_name_of(ErrorCode::bad_argument), "bad_argument");
}

TEST(KspReport, PenReportBytesAreAsDocumented)
{
    const Report report{0x0102, 0x00030004, PenReport{true, true, 0x1234, 0x0567, 0x03ff}};
    EXPECT_EQ(encode(report), (Bytes{0x01, 0x03, 0x34, 0x12, 0x67, 0x05, 0xff, 0x03, 0x02, 0x01,
                                     0x04, 0x00, 0x03, 0x00}));
}

TEST(KspReport, EveryKindRoundTrips)
{
    const std::vector<Report> reports{
        {1, 10, PenReport{false, true, 5, 6, 0}},
        {2, 20, PenReport{false, false, 7, 8, 0}},
        {3, 30, ButtonReport{PadButton::clear}},
        {65535, 4000000000u, HeartbeatReport{true}},
    };
    for (const auto& report : reports) {
        const auto bytes = encode(report);
        const auto decoded = decode_report(bytes);
        EXPECT_EQ(decoded.sequence, report.sequence);
        EXPECT_EQ(decoded.time_ms, report.time_ms);
        EXPECT_EQ(decoded.body.index(), report.body.index());
        EXPECT_EQ(encode(decoded), bytes);
    }
    EXPECT_EQ(encode(reports[2]).size(), kButtonReportSize);
    EXPECT_EQ(encode(reports[3]).size(), kHeartbeatReportSize);
}

TEST(KspReport, MalformedReportsAreRejected)
{
    EXPECT_THROW(decode_report(Bytes{}), FrameError);
    EXPECT_THROW(decode_report(Bytes{0x09, 0, 0, 0, 0, 0, 0, 0}), FrameError); // unknown id
    auto pen = encode(Report{0, 0, PenReport{true, true, 1, 2, 3}});
    pen.pop_back();
    EXPECT_THROW(decode_report(pen), FrameError); // short
    auto tip_out_of_range = encode(Report{0, 0, PenReport{true, true, 1, 2, 3}});
    tip_out_of_range[1] = kTipBit; // touching yet out of proximity
    EXPECT_THROW(decode_report(tip_out_of_range), FrameError);
    auto reserved = encode(Report{0, 0, PenReport{false, true, 1, 2, 3}});
    reserved[1] |= 0x80;
    EXPECT_THROW(decode_report(reserved), FrameError);
    auto button = encode(Report{0, 0, ButtonReport{PadButton::ok}});
    button[1] = 7;
    EXPECT_THROW(decode_report(button), FrameError);
}

TEST(KspReport, SequenceCounterCountsGapsAcrossTheWrap)
{
    SequenceCounter counter;
    for (const std::uint16_t sequence : {65533, 65534, 1, 2, 5})
        counter.see(sequence);
    EXPECT_EQ(counter.lost(), 2u + 2u); // 65535 and 0, then 3 and 4
    counter.see(5);                     // a duplicate is not a gap
    EXPECT_EQ(counter.lost(), 4u);
}

} // namespace
} // namespace ktpel::signpad
