// SPDX-License-Identifier: Apache-2.0
#include "ksp_session.hpp"

#include <array>

#include "ksp_failures.hpp"
#include "ksp_log.hpp"

namespace ktpel::signpad {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t kBulkTransferSize = 1024 + kFrameHeaderSize;
// Responses left over from an abandoned exchange carry an older tag; this
// many are skipped before the pad is called confused.
constexpr int kStaleResponsesAtMost = 8;
constexpr std::chrono::milliseconds kDrainPoll{50};
constexpr int kDrainTransfersAtMost = 4096;
constexpr std::chrono::milliseconds kRecoveryTimeout{500};

} // namespace

Session::Session(std::unique_ptr<usb::DeviceHandle> usb, usb::InterfaceLayout layout,
                 SessionTiming timing)
    : usb_(std::move(usb), layout), timing_(timing)
{
}

void Session::claim()
{
    usb_.claim("the signature pad's interface");
}

Identity Session::identify(const drivers::OperationContext& context)
{
    const Frame response = exchange(Opcode::identify, {}, context);
    try {
        return decode_identity(response.payload);
    } catch (const FrameError& error) {
        throw_protocol_failure(std::string("IDENTITY: ") + error.what());
    }
}

PadInfo Session::get_info(const drivers::OperationContext& context)
{
    const Frame response = exchange(Opcode::get_info, {}, context);
    try {
        return decode_pad_info(response.payload);
    } catch (const FrameError& error) {
        throw_protocol_failure(std::string("INFO: ") + error.what());
    }
}

void Session::clear_screen(const drivers::OperationContext& context)
{
    exchange(Opcode::clear_screen, {}, context);
}

void Session::start_capture(const StartOptions& options, const drivers::OperationContext& context)
{
    drain_reports();
    exchange(Opcode::start_capture, encode(options), context);
    last_report_at_ = Clock::now();
}

void Session::stop_capture(const drivers::OperationContext& context)
{
    exchange(Opcode::stop_capture, {}, context);
    // The pad sends nothing after it answered STOP_CAPTURE; what is queued
    // was sent before and belongs to the capture that just ended.
    drain_reports();
}

Frame Session::exchange(Opcode command, std::vector<std::uint8_t> payload,
                        const drivers::OperationContext& context,
                        std::optional<std::chrono::milliseconds> answer_within)
{
    context.throw_if_cancelled();
    const std::uint8_t tag = ++tag_;
    const auto stop = context.stop_token();
    try {
        usb_.write(encode(Frame{command, tag, std::move(payload)}), timing_.command_write, stop);
        Frame response =
            read_response(tag, command, answer_within.value_or(timing_.silence_limit), stop);
        // Opcodes and lengths only: a payload may hold what the signer wrote.
        if (log_ksp().enabled(log::Level::debug))
            log_ksp().debug(name_of(command) + " (tag " + std::to_string(tag) +
                            "): " + name_of(response.opcode) + ", " +
                            std::to_string(response.payload.size()) + " payload bytes");
        return response;
    } catch (const usb::TransferError& error) {
        if (error.kind() != usb::TransferErrorKind::disconnected)
            drain_bulk();
        throw_transfer_failure(error, name_of(command));
    } catch (const FrameError& error) {
        drain_bulk();
        throw_protocol_failure(std::string(error.what()) + " in the answer to " + name_of(command));
    }
}

Frame Session::read_response(std::uint8_t tag, Opcode command,
                             std::chrono::milliseconds answer_within, std::stop_token stop)
{
    std::array<std::uint8_t, kBulkTransferSize> buffer{};
    int stale = 0;
    for (;;) {
        while (auto frame = reader_.next()) {
            if (frame->tag != tag) {
                if (++stale > kStaleResponsesAtMost)
                    throw FrameError("the pad keeps answering other commands");
                continue;
            }
            if (frame->opcode == Opcode::error) {
                const DeviceError error = decode_device_error(frame->payload);
                throw PadRefusal(error, command);
            }
            if (frame->opcode != response_to(command))
                throw FrameError("got " + name_of(frame->opcode));
            return std::move(*frame);
        }
        const std::size_t count = usb_.read(buffer, answer_within, stop);
        reader_.feed(std::span<const std::uint8_t>(buffer.data(), count));
    }
}

std::optional<Report> Session::next_report(std::chrono::milliseconds wait, std::stop_token stop)
{
    std::array<std::uint8_t, kMaxReportSize> buffer{};
    std::size_t count = 0;
    try {
        count = usb_.read_interrupt(buffer, wait, std::move(stop));
    } catch (const usb::TransferError& error) {
        if (error.kind() != usb::TransferErrorKind::timeout)
            throw_transfer_failure(error, "waiting for pen reports");
        if (Clock::now() - last_report_at_ >= timing_.silence_limit)
            throw drivers::DeviceFailure(
                drivers::DeviceFailure::Kind::hardware, "device_not_responding",
                "the signature pad sent no report for " +
                    std::to_string(timing_.silence_limit.count()) + " ms while capturing");
        return std::nullopt;
    }
    last_report_at_ = Clock::now();
    try {
        return decode_report(std::span<const std::uint8_t>(buffer.data(), count));
    } catch (const FrameError& error) {
        throw_protocol_failure(std::string("interrupt report: ") + error.what());
    }
}

void Session::recover() noexcept
{
    drain_bulk();
    try {
        // A fresh stop token and deadline: recovery runs for a cancelled
        // operation too.
        const drivers::OperationContext context({}, Clock::now() + kRecoveryTimeout);
        exchange(Opcode::stop_capture, {}, context, kRecoveryTimeout);
    } catch (const drivers::DeviceFailure&) {
        // Unplugged, stalled or refusing: the operation's own failure says
        // what went wrong; the next operation finds out the rest.
    }
    drain_reports();
}

void Session::drain_bulk() noexcept
{
    reader_.reset();
    usb_.drain_bulk(kBulkTransferSize, kDrainPoll, kDrainTransfersAtMost);
}

void Session::drain_reports() noexcept
{
    usb_.drain_interrupt(kMaxReportSize, 0ms, kDrainTransfersAtMost);
}

} // namespace ktpel::signpad
