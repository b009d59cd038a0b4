// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>

#include "../classes/device.hpp"
#include "../classes/live_frames.hpp"
#include "../transport/usb_transport.hpp"
#include "common/raster_image.hpp"
#include "kip_frame.hpp"

namespace ktpel::kip {

struct DeviceInfo
{
    std::uint16_t width = 0;
    std::uint16_t height = 0;
    std::uint16_t ppi = 0;
    Modality modality{};
    std::uint8_t image_count = 1;
    drivers::DeviceIdentity identity;
};

struct CaptureResult
{
    std::vector<drivers::RasterImage> images;
    std::uint32_t events_seen = 0;
};

// The host side of KIP over one USB device: command/response exchange,
// the capture stream, and recovery (abort + drain) after any failure.
// Throws drivers::DeviceFailure only.
class Session
{
public:
    explicit Session(std::unique_ptr<usb::DeviceHandle> usb);

    DeviceInfo get_info(const drivers::OperationContext& context);
    CaptureResult capture(std::uint8_t mode, std::chrono::milliseconds timeout,
                          const drivers::OperationContext& context);
    // A live capture: every image set the device streams goes to `handler`
    // until it says stop (the driver then aborts the stream) or the device
    // reports the timeout.
    drivers::LiveEnd stream(std::uint8_t mode, std::chrono::milliseconds timeout,
                            const drivers::OperationContext& context,
                            const drivers::LiveFrameHandler& handler);

private:
    struct ImageSetReader;

    void start_capture(std::uint8_t mode, std::chrono::milliseconds timeout, std::uint8_t flags,
                       const drivers::OperationContext& context);
    // Reads messages until one complete set of images has arrived.
    std::vector<drivers::RasterImage>
    receive_image_set(ImageSetReader& state, std::chrono::steady_clock::time_point deadline,
                      const drivers::OperationContext& context);
    Frame exchange(MessageType type, std::vector<std::uint8_t> payload,
                   const drivers::OperationContext& context);
    void send(MessageType type, std::vector<std::uint8_t> payload, std::stop_token stop);
    Frame receive(std::chrono::milliseconds timeout, std::stop_token stop);
    // Best effort: tell the device to stop and throw away what it had queued,
    // so the next command starts on a clean stream.
    void recover();
    // Reads until the device acknowledges the ABORT sent with
    // `abort_sequence` (it is idle then); throws usb::TransferError when no
    // ack comes within the command timeout.
    void await_abort_ack(std::uint8_t abort_sequence);
    [[noreturn]] void fail_transfer(const usb::TransferError& error, const char* while_doing);

    std::unique_ptr<usb::DeviceHandle> usb_;
    FrameReader reader_;
    std::uint8_t sequence_ = 0;
    DeviceInfo info_;
};

} // namespace ktpel::kip
