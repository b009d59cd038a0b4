// SPDX-License-Identifier: Apache-2.0
#include "kip_session.hpp"

#include <array>
#include <condition_variable>
#include <mutex>

#include "../transport/usb_failure.hpp"
#include "kip_log.hpp"

namespace ktpel::kip {
namespace {

using drivers::DeviceFailure;
using Kind = DeviceFailure::Kind;

// A device that says nothing for this long while it owes us data is hung.
// KIP devices send a heartbeat event at least every 250 ms while waiting.
constexpr std::chrono::milliseconds kSilenceLimit{1500};
constexpr std::chrono::milliseconds kCommandTimeout{1000};
// The device enforces the capture timeout itself; give it this much more
// before the host gives up on it.
constexpr std::chrono::milliseconds kDeadlineGrace{2000};
constexpr std::size_t kTransferSize = 64 * 1024;
// A device acknowledges ABORT when it is idle again (docs/drivers/kip.md),
// but some firmware acks a moment early, while it is still dropping the
// frame it was preparing, and then refuses the next CAPTURE as busy. Ask
// again a few times over about half a second before believing it.
constexpr int kBusyRetries = 5;
constexpr std::chrono::milliseconds kBusyRetryInterval{100};
// After the ABORT ack a device owes nothing; an early one may still send
// the tail of what it was doing. This much silence means it is done.
constexpr std::chrono::milliseconds kDrainQuiet{50};

DeviceFailure device_error(const Frame& frame)
{
    PayloadReader payload(frame.payload);
    const auto code = static_cast<DeviceErrorCode>(payload.u16());
    const auto text = payload.rest();
    const std::string message(text.begin(), text.end());
    switch (code) {
    case DeviceErrorCode::no_subject:
        return {Kind::no_subject, "no_subject", "the device saw no subject: " + message};
    case DeviceErrorCode::sensor_fault:
        return {Kind::hardware, "sensor_fault", "the device reports a sensor fault: " + message};
    case DeviceErrorCode::busy:
        return {Kind::hardware, "device_reports_busy", "the device is busy: " + message};
    case DeviceErrorCode::aborted:
        return {Kind::cancelled, "aborted", "the capture was aborted"};
    case DeviceErrorCode::stream_timeout:
        return {Kind::timeout, "stream_timeout", "the live stream reached its timeout"};
    case DeviceErrorCode::bad_frame:
    case DeviceErrorCode::unknown_command:
        break;
    }
    return {Kind::protocol, "protocol_error", "the device rejected a command: " + message};
}

// Sleeps before another attempt, as the operation allows: false when it
// was cancelled or its deadline would pass first.
bool pause_before_retry(std::chrono::milliseconds interval,
                        const drivers::OperationContext& context)
{
    if (std::chrono::steady_clock::now() + interval >= context.deadline())
        return false;
    std::mutex mutex;
    std::condition_variable_any never_notified;
    std::unique_lock lock(mutex);
    never_notified.wait_for(lock, context.stop_token(), interval, [] { return false; });
    return !context.stop_token().stop_requested();
}

// Type, sequence and length only: payloads are images and templates.
void log_frame(const char* direction, const Frame& frame)
{
    if (!log_kip().enabled(log::Level::debug))
        return;
    log_kip().debug(std::string(direction) + " type " +
                    std::to_string(static_cast<int>(frame.type)) + " sequence " +
                    std::to_string(frame.sequence) + ", " + std::to_string(frame.payload.size()) +
                    " payload bytes");
}

} // namespace

Session::Session(std::unique_ptr<usb::DeviceHandle> usb) : usb_(std::move(usb))
{
    try {
        usb_->claim_interface(0);
    } catch (const usb::TransferError& error) {
        fail_transfer(error, "claiming the interface");
    }
}

void Session::fail_transfer(const usb::TransferError& error, const char* while_doing)
{
    usb::throw_device_failure(error, while_doing);
}

void Session::send(MessageType type, std::vector<std::uint8_t> payload, std::stop_token stop)
{
    const Frame frame{type, ++sequence_, std::move(payload)};
    log_frame("send", frame);
    const auto bytes = encode(frame);
    usb_->bulk_write(kEndpointOut, bytes, kCommandTimeout, std::move(stop));
}

Frame Session::receive(std::chrono::milliseconds timeout, std::stop_token stop)
{
    std::array<std::uint8_t, kTransferSize> buffer{};
    for (;;) {
        if (auto frame = reader_.next()) {
            log_frame("received", *frame);
            return std::move(*frame);
        }
        const std::size_t count = usb_->bulk_read(kEndpointIn, buffer, timeout, stop);
        reader_.feed({buffer.data(), count});
    }
}

Frame Session::exchange(MessageType type, std::vector<std::uint8_t> payload,
                        const drivers::OperationContext& context)
{
    try {
        send(type, std::move(payload), context.stop_token());
        for (;;) {
            Frame reply = receive(kCommandTimeout, context.stop_token());
            if (reply.type == MessageType::error)
                throw device_error(reply);
            // Stale heartbeats from an aborted capture may still be queued,
            // and a late ABORT ack echoes an earlier command's sequence.
            if (reply.type == MessageType::event ||
                (reply.type == MessageType::ack && reply.sequence != sequence_))
                continue;
            return reply;
        }
    } catch (const usb::TransferError& error) {
        recover();
        fail_transfer(error, "exchanging a command");
    } catch (const FrameError& error) {
        recover();
        throw DeviceFailure(Kind::protocol, "protocol_error", error.what());
    }
}

DeviceInfo Session::get_info(const drivers::OperationContext& context)
{
    const Frame reply = exchange(MessageType::get_info, {}, context);
    if (reply.type != MessageType::info)
        throw DeviceFailure(Kind::protocol, "protocol_error",
                            "GET_INFO answered with the wrong message");
    try {
        PayloadReader payload(reply.payload);
        info_.width = payload.u16();
        info_.height = payload.u16();
        info_.ppi = payload.u16();
        info_.modality = static_cast<Modality>(payload.u8());
        info_.image_count = payload.u8();
        info_.identity.manufacturer = payload.u8_prefixed_text();
        info_.identity.model = payload.u8_prefixed_text();
        info_.identity.serial = payload.u8_prefixed_text();
        info_.identity.firmware = payload.u8_prefixed_text();
    } catch (const FrameError& error) {
        throw DeviceFailure(Kind::protocol, "protocol_error", error.what());
    }
    return info_;
}

struct Session::ImageSetReader
{
    std::uint32_t events_seen = 0;
    // The device repeats `capturing` as its heartbeat while it prepares a
    // frame: announced once.
    bool capturing_announced = false;
    int last_percent_reported = -1;
    // Transfer progress means something for one image; a live stream has
    // its previews instead.
    bool report_transfer = true;
};

void Session::start_capture(std::uint8_t mode, std::chrono::milliseconds timeout,
                            std::uint8_t flags, const drivers::OperationContext& context)
{
    PayloadWriter payload;
    payload.u8(mode).u32(static_cast<std::uint32_t>(timeout.count()));
    if (flags != 0)
        payload.u8(flags);
    const auto command = payload.take();
    for (int retry = 0;; ++retry) {
        try {
            const Frame ack = exchange(MessageType::capture, command, context);
            if (ack.type != MessageType::ack)
                throw DeviceFailure(Kind::protocol, "protocol_error",
                                    "CAPTURE was not acknowledged");
            return;
        } catch (const DeviceFailure& failure) {
            // See kBusyRetries: a device that acked ABORT early is idle soon.
            if (failure.reason() != "device_reports_busy" || retry == kBusyRetries)
                throw;
            if (!pause_before_retry(kBusyRetryInterval, context)) {
                if (context.stop_token().stop_requested())
                    throw DeviceFailure(Kind::cancelled, "cancelled",
                                        "cancelled while the device was busy");
                throw;
            }
        }
    }
}

std::vector<drivers::RasterImage>
Session::receive_image_set(ImageSetReader& state, std::chrono::steady_clock::time_point deadline,
                           const drivers::OperationContext& context)
{
    std::vector<drivers::RasterImage> images;
    drivers::RasterImage current;
    std::size_t expected_images = 0;
    std::uint32_t received = 0;
    for (;;) {
        if (std::chrono::steady_clock::now() >= deadline)
            throw DeviceFailure(Kind::timeout, "deadline", "the capture did not finish in time");
        const Frame frame = receive(kSilenceLimit, context.stop_token());
        PayloadReader payload(frame.payload);
        switch (frame.type) {
        case MessageType::event: {
            ++state.events_seen;
            const auto event = static_cast<DeviceEvent>(payload.u8());
            if (event == DeviceEvent::waiting_for_subject && state.events_seen == 1)
                context.progress(drivers::ProgressStage::waiting_for_subject);
            else if (event == DeviceEvent::subject_detected)
                context.progress(drivers::ProgressStage::subject_detected);
            else if (event == DeviceEvent::capturing && !state.capturing_announced) {
                state.capturing_announced = true;
                context.progress(drivers::ProgressStage::capturing);
            }
            break;
        }
        case MessageType::image_begin: {
            payload.u8(); // index: images arrive in order
            expected_images = payload.u8();
            current = {};
            current.width = payload.u16();
            current.height = payload.u16();
            current.ppi = info_.ppi;
            const std::uint32_t size = payload.u32();
            if (size != std::size_t{current.width} * current.height)
                throw FrameError("IMAGE_BEGIN size does not match its geometry");
            current.pixels.assign(size, 0);
            received = 0;
            break;
        }
        case MessageType::image_data: {
            const std::uint32_t offset = payload.u32();
            const auto data = payload.rest();
            if (offset != received || offset + data.size() > current.pixels.size())
                throw FrameError("IMAGE_DATA out of sequence");
            std::copy(data.begin(), data.end(), current.pixels.begin() + offset);
            received += static_cast<std::uint32_t>(data.size());
            const int percent = static_cast<int>(
                (100.0 * (images.size() * current.pixels.size() + received)) /
                (std::max<std::size_t>(expected_images, 1) * current.pixels.size()));
            if (state.report_transfer && percent / 10 != state.last_percent_reported / 10) {
                state.last_percent_reported = percent;
                context.progress(drivers::ProgressStage::transferring, {{"percent", percent}});
            }
            break;
        }
        case MessageType::image_end: {
            if (received != current.pixels.size())
                throw FrameError("IMAGE_END before all image data arrived");
            if (payload.u32() != crc32_of(current.pixels))
                throw FrameError("image fails its CRC");
            images.push_back(std::move(current));
            if (images.size() == expected_images)
                return images;
            break;
        }
        case MessageType::error:
            throw device_error(frame);
        default:
            throw FrameError("unexpected message during capture");
        }
    }
}

CaptureResult Session::capture(std::uint8_t mode, std::chrono::milliseconds timeout,
                               const drivers::OperationContext& context)
{
    using Clock = std::chrono::steady_clock;
    const auto host_deadline =
        std::min(context.deadline(), Clock::now() + timeout + kDeadlineGrace);
    start_capture(mode, timeout, 0, context);
    ImageSetReader state;
    try {
        CaptureResult result;
        result.images = receive_image_set(state, host_deadline, context);
        result.events_seen = state.events_seen;
        return result;
    } catch (const usb::TransferError& error) {
        recover();
        fail_transfer(error, "receiving the capture");
    } catch (const FrameError& error) {
        recover();
        throw DeviceFailure(Kind::protocol, "protocol_error", error.what());
    } catch (const DeviceFailure& failure) {
        if (failure.kind() != Kind::no_subject)
            recover();
        throw;
    }
}

drivers::LiveEnd Session::stream(std::uint8_t mode, std::chrono::milliseconds timeout,
                                 const drivers::OperationContext& context,
                                 const drivers::LiveFrameHandler& handler)
{
    using Clock = std::chrono::steady_clock;
    const auto host_deadline =
        std::min(context.deadline(), Clock::now() + timeout + kDeadlineGrace);
    start_capture(mode, timeout, kCaptureLive, context);
    ImageSetReader state;
    try {
        for (std::uint32_t number = 0;; ++number) {
            drivers::LiveFrame frame;
            frame.number = number;
            frame.images = receive_image_set(state, host_deadline, context);
            state.report_transfer = false;
            if (handler(std::move(frame)) == drivers::LiveVerdict::stop) {
                recover(); // ABORT ends the stream; drain what was already sent
                return drivers::LiveEnd::stopped;
            }
        }
    } catch (const usb::TransferError& error) {
        recover();
        fail_transfer(error, "receiving the live stream");
    } catch (const FrameError& error) {
        recover();
        throw DeviceFailure(Kind::protocol, "protocol_error", error.what());
    } catch (const DeviceFailure& failure) {
        if (failure.reason() == "stream_timeout")
            return drivers::LiveEnd::timed_out;
        if (failure.kind() != Kind::no_subject)
            recover();
        throw;
    }
}

void Session::recover()
{
    reader_.reset();
    try {
        // A fresh stop token: recovery must run even when the operation
        // itself was cancelled.
        send(MessageType::abort, {}, {});
        await_abort_ack(sequence_);
    } catch (const usb::TransferError&) {
        // No ack in time, or the device is gone: drain what there is; an
        // unplugged device is reported by the operation's own error.
    }
    reader_.reset();
    // Drain until the device has nothing more to say.
    std::array<std::uint8_t, kTransferSize> buffer{};
    try {
        for (int i = 0; i < 4096; ++i)
            usb_->bulk_read(kEndpointIn, buffer, kDrainQuiet, {});
    } catch (const usb::TransferError&) {
        // Expected: the drain ends in a timeout.
    }
    reader_.reset();
}

void Session::await_abort_ack(std::uint8_t abort_sequence)
{
    // The ack is what tells us the device is idle; whatever comes before
    // it is the tail of the aborted capture.
    const auto deadline = std::chrono::steady_clock::now() + kCommandTimeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            throw usb::TransferError(usb::TransferErrorKind::timeout, "ABORT was not acknowledged");
        try {
            const Frame frame = receive(left, {});
            if (frame.type == MessageType::ack && frame.sequence == abort_sequence)
                return;
        } catch (const FrameError&) {
            // The aborted stream was cut mid-frame: start afresh on the
            // next transfer.
            reader_.reset();
        }
    }
}

} // namespace ktpel::kip
