// SPDX-License-Identifier: Apache-2.0
// The host side of KSP over one USB interface: tagged command/response
// exchanges on the bulk pipes, reports from the interrupt pipe, and
// recovery after a failure. Throws drivers::DeviceFailure only.
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "../classes/operation_context.hpp"
#include "../transport/claimed_interface.hpp"
#include "../transport/usb_session_options.hpp"
#include "ksp_frame.hpp"
#include "ksp_messages.hpp"
#include "ksp_report.hpp"

namespace ktpel::signpad {

using usb::SessionTiming;
// A pad answers a command at once and, while capturing, sends a report at
// least every 250 ms; silence for 1.5 s means it hangs.
inline constexpr SessionTiming kDefaultTiming{std::chrono::milliseconds{2000},
                                              std::chrono::milliseconds{1500}};

class Session
{
public:
    // `layout`: where the pad's interface lives (docs/signature-pad.md).
    Session(std::unique_ptr<usb::DeviceHandle> usb, usb::InterfaceLayout layout,
            SessionTiming timing);

    void claim();
    Identity identify(const drivers::OperationContext& context);
    PadInfo get_info(const drivers::OperationContext& context);
    void clear_screen(const drivers::OperationContext& context);
    // Throws away reports left from an earlier capture, then starts one.
    void start_capture(const StartOptions& options, const drivers::OperationContext& context);
    // Stops the capture and throws away the reports still queued.
    void stop_capture(const drivers::OperationContext& context);

    // The next report, or nullopt when none came within `wait`. Throws
    // hardware/device_not_responding when the pad has been silent for the
    // silence limit since start_capture or its last report.
    std::optional<Report> next_report(std::chrono::milliseconds wait, std::stop_token stop);

    // Best effort after a failed operation: stop any capture and empty both
    // IN pipes, so the next operation starts clean. Its own failures are
    // not reported: the operation's failure is already on its way.
    void recover() noexcept;

private:
    using Clock = std::chrono::steady_clock;

    // answer_within: how long the pad may take to answer; the silence
    // limit unless recovery wants less.
    Frame exchange(Opcode command, std::vector<std::uint8_t> payload,
                   const drivers::OperationContext& context,
                   std::optional<std::chrono::milliseconds> answer_within = std::nullopt);
    Frame read_response(std::uint8_t tag, Opcode command, std::chrono::milliseconds answer_within,
                        std::stop_token stop);
    void drain_bulk() noexcept;
    void drain_reports() noexcept;

    usb::ClaimedInterface usb_;
    SessionTiming timing_;
    FrameReader reader_;
    std::uint8_t tag_ = 0;
    Clock::time_point last_report_at_{};
};

} // namespace ktpel::signpad
