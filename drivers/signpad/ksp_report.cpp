// SPDX-License-Identifier: Apache-2.0
#include "ksp_report.hpp"

#include <string>

#include "ksp_frame.hpp"
#include "ksp_payload.hpp"

namespace ktpel::signpad {

std::vector<std::uint8_t> encode(const Report& report)
{
    PayloadWriter writer;
    if (const auto* pen = std::get_if<PenReport>(&report.body)) {
        const auto status = static_cast<std::uint8_t>((pen->tip ? kTipBit : 0) |
                                                      (pen->in_proximity ? kProximityBit : 0));
        writer.u8(static_cast<std::uint8_t>(ReportId::pen))
            .u8(status)
            .u16(pen->x)
            .u16(pen->y)
            .u16(pen->pressure);
    } else if (const auto* button = std::get_if<ButtonReport>(&report.body)) {
        writer.u8(static_cast<std::uint8_t>(ReportId::button))
            .u8(static_cast<std::uint8_t>(button->button));
    } else {
        const auto& heartbeat = std::get<HeartbeatReport>(report.body);
        writer.u8(static_cast<std::uint8_t>(ReportId::heartbeat)).u8(heartbeat.capturing ? 1 : 0);
    }
    return writer.u16(report.sequence).u32(report.time_ms).take();
}

Report decode_report(std::span<const std::uint8_t> bytes)
{
    if (bytes.empty())
        throw FrameError("empty KSP report");
    const auto id = static_cast<ReportId>(bytes[0]);
    const auto expect_size = [&](std::size_t size, const char* what) {
        if (bytes.size() != size)
            throw FrameError(std::string("KSP ") + what + " report of " +
                             std::to_string(bytes.size()) + " bytes, not " + std::to_string(size));
    };
    PayloadReader reader(bytes.subspan(1));
    Report report;
    switch (id) {
    case ReportId::pen: {
        expect_size(kPenReportSize, "pen");
        const std::uint8_t status = reader.u8();
        if ((status & ~(kTipBit | kProximityBit)) != 0)
            throw FrameError("reserved pen status bits set");
        PenReport pen;
        pen.tip = (status & kTipBit) != 0;
        pen.in_proximity = (status & kProximityBit) != 0;
        if (pen.tip && !pen.in_proximity)
            throw FrameError("pen report with the tip down but out of proximity");
        pen.x = reader.u16();
        pen.y = reader.u16();
        pen.pressure = reader.u16();
        report.body = pen;
        break;
    }
    case ReportId::button: {
        expect_size(kButtonReportSize, "button");
        const std::uint8_t button = reader.u8();
        if (button < static_cast<std::uint8_t>(PadButton::ok) ||
            button > static_cast<std::uint8_t>(PadButton::cancel))
            throw FrameError("unknown KSP button " + std::to_string(button));
        report.body = ButtonReport{static_cast<PadButton>(button)};
        break;
    }
    case ReportId::heartbeat: {
        expect_size(kHeartbeatReportSize, "heartbeat");
        report.body = HeartbeatReport{reader.u8() != 0};
        break;
    }
    default:
        throw FrameError("unknown KSP report id " + std::to_string(bytes[0]));
    }
    report.sequence = reader.u16();
    report.time_ms = reader.u32();
    expect_end(reader);
    return report;
}

void SequenceCounter::see(std::uint16_t sequence) noexcept
{
    const auto skipped = static_cast<std::uint16_t>(sequence - expected_);
    // A number from the past (a duplicate) is not a gap.
    if (started_ && skipped >= 0x8000)
        return;
    if (started_)
        lost_ += skipped;
    started_ = true;
    expected_ = static_cast<std::uint16_t>(sequence + 1);
}

} // namespace ktpel::signpad
