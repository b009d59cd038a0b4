// SPDX-License-Identifier: Apache-2.0
// Class adapter: a KIP slap scanner as a FingerprintScanner.
#include "../classes/fingerprint_scanner.hpp"
#include "kip_session.hpp"
#include "kip_usb_ids.hpp"

namespace ktpel::kip {
namespace {

std::uint8_t capture_mode(const drivers::FingerprintCaptureRequest& request)
{
    // KIP's mode byte: the number of fingers the scanner should expect,
    // with the hand (or the finger) as a hint for its own checks.
    switch (request.slot) {
    case drivers::SlapSlot::left_four:
        return 4 | kModeHandLeft;
    case drivers::SlapSlot::right_four:
        return 4 | kModeHandRight;
    case drivers::SlapSlot::thumbs:
        return 2;
    case drivers::SlapSlot::single:
        if (request.finger_code < 0 || request.finger_code > 10)
            throw drivers::DeviceFailure(drivers::DeviceFailure::Kind::invalid, "bad_finger",
                                         "a finger position code is 1..10");
        return static_cast<std::uint8_t>(1 | (request.finger_code << 4));
    }
    return 4;
}

class KipFingerprintScanner final : public drivers::FingerprintScanner
{
public:
    explicit KipFingerprintScanner(std::unique_ptr<usb::DeviceHandle> usb)
        : session_(std::move(usb))
    {
    }

    drivers::DeviceIdentity probe(const drivers::OperationContext& context) override
    {
        info_ = session_.get_info(context);
        if (info_.modality != Modality::fingerprint_slap)
            throw drivers::DeviceFailure(drivers::DeviceFailure::Kind::protocol, "wrong_modality",
                                         "device is not a slap fingerprint scanner");
        return info_.identity;
    }

    nlohmann::json capabilities() const override
    {
        return {{"width", info_.width},
                {"height", info_.height},
                {"ppi", info_.ppi},
                {"slots", {"left_four", "right_four", "thumbs", "single"}}};
    }

    drivers::FingerprintCapture capture(const drivers::FingerprintCaptureRequest& request,
                                        const drivers::OperationContext& context) override
    {
        const auto started = std::chrono::steady_clock::now();
        auto result = session_.capture(capture_mode(request), request.timeout, context);
        drivers::FingerprintCapture capture;
        capture.image = std::move(result.images.front());
        capture.frames_seen = result.events_seen;
        capture.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        return capture;
    }

    bool streams_frames() const noexcept override { return true; }

    drivers::LiveEnd stream(const drivers::FingerprintCaptureRequest& request,
                            const drivers::OperationContext& context,
                            const drivers::LiveFrameHandler& handler) override
    {
        return session_.stream(capture_mode(request), request.timeout, context, handler);
    }

private:
    Session session_;
    DeviceInfo info_;
};

const drivers::DriverRegistration registration{{
    .name = "kip-fingerprint",
    .device_class = drivers::DeviceClass::fingerprint_scanner,
    .summary = "KIP-protocol slap fingerprint scanners (4-4-2, 500 ppi)",
    .usb_ids = {kSlapScannerId},
    .reader_patterns = {},
    .create = [](drivers::DriverBinding binding) -> std::unique_ptr<drivers::Device> {
        return std::make_unique<KipFingerprintScanner>(std::move(binding.usb));
    },
}};

} // namespace
} // namespace ktpel::kip
