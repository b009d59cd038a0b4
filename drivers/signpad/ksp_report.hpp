// SPDX-License-Identifier: Apache-2.0
// KSP's interrupt IN reports, modelled on HID pen digitisers: one report
// per transfer, fixed size per report id, little-endian. While capturing
// the pad sends pen reports at its report rate whenever the pen is near,
// a button report per press, and a heartbeat every 250 ms (pad time) in
// which it sent nothing else. docs/signature-pad.md has the byte layout.
#pragma once

#include <cstdint>
#include <span>
#include <variant>
#include <vector>

namespace ktpel::signpad {

inline constexpr std::size_t kPenReportSize = 14;
inline constexpr std::size_t kButtonReportSize = 8;
inline constexpr std::size_t kHeartbeatReportSize = 8;
inline constexpr std::size_t kMaxReportSize = 64; // the interrupt endpoint's max packet
inline constexpr std::uint32_t kHeartbeatIntervalMs = 250;

enum class ReportId : std::uint8_t
{
    pen = 0x01,
    button = 0x02,
    heartbeat = 0x03,
};

// Bits of the pen report's status byte.
inline constexpr std::uint8_t kTipBit = 0x01;       // touching the surface
inline constexpr std::uint8_t kProximityBit = 0x02; // within sensing range

struct PenReport
{
    bool tip = false;
    bool in_proximity = false;
    std::uint16_t x = 0;
    std::uint16_t y = 0;
    std::uint16_t pressure = 0;
};

enum class PadButton : std::uint8_t
{
    ok = 1,
    clear = 2,
    cancel = 3,
};

struct ButtonReport
{
    PadButton button{};
};

struct HeartbeatReport
{
    bool capturing = false;
};

struct Report
{
    // Counts every report of one capture from 0, wrapping at 65536: a gap
    // is a lost report.
    std::uint16_t sequence = 0;
    std::uint32_t time_ms = 0; // pad clock, since START_CAPTURE
    std::variant<PenReport, ButtonReport, HeartbeatReport> body;
};

std::vector<std::uint8_t> encode(const Report& report);
// Throws FrameError for an unknown id, a wrong size, or bits the protocol
// reserves (tip without proximity, an unknown button).
Report decode_report(std::span<const std::uint8_t> bytes);

// Counts reports lost between consecutive sequence numbers.
class SequenceCounter
{
public:
    void see(std::uint16_t sequence) noexcept;
    std::uint32_t lost() const noexcept { return lost_; }

private:
    bool started_ = false;
    std::uint16_t expected_ = 0;
    std::uint32_t lost_ = 0;
};

} // namespace ktpel::signpad
