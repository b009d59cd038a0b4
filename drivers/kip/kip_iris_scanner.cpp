// SPDX-License-Identifier: Apache-2.0
// Class adapter: a KIP dual iris scanner as an IrisScanner.
#include "../classes/iris_scanner.hpp"
#include "kip_session.hpp"
#include "kip_usb_ids.hpp"

namespace ktpel::kip {
namespace {

class KipIrisScanner final : public drivers::IrisScanner
{
public:
    explicit KipIrisScanner(std::unique_ptr<usb::DeviceHandle> usb) : session_(std::move(usb)) {}

    drivers::DeviceIdentity probe(const drivers::OperationContext& context) override
    {
        info_ = session_.get_info(context);
        if (info_.modality != Modality::iris_dual || info_.image_count != 2)
            throw drivers::DeviceFailure(drivers::DeviceFailure::Kind::protocol, "wrong_modality",
                                         "device is not a dual iris scanner");
        return info_.identity;
    }

    nlohmann::json capabilities() const override
    {
        return {{"width", info_.width}, {"height", info_.height}, {"eyes", 2}};
    }

    drivers::IrisCapture capture(const drivers::IrisCaptureRequest& request,
                                 const drivers::OperationContext& context) override
    {
        const auto started = std::chrono::steady_clock::now();
        auto result = session_.capture(2, request.timeout, context);
        if (result.images.size() != 2)
            throw drivers::DeviceFailure(drivers::DeviceFailure::Kind::protocol, "protocol_error",
                                         "a dual iris capture must deliver two images");
        drivers::IrisCapture capture;
        // KIP sends the right eye first (index 0), as ISO/IEC 19794-6 numbers them.
        capture.right = std::move(result.images[0]);
        capture.left = std::move(result.images[1]);
        capture.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        return capture;
    }

    bool streams_frames() const noexcept override { return true; }

    drivers::LiveEnd stream(const drivers::IrisCaptureRequest& request,
                            const drivers::OperationContext& context,
                            const drivers::LiveFrameHandler& handler) override
    {
        return session_.stream(2, request.timeout, context, [&](drivers::LiveFrame&& frame) {
            if (frame.images.size() != 2)
                throw drivers::DeviceFailure(drivers::DeviceFailure::Kind::protocol,
                                             "protocol_error",
                                             "a dual iris frame must hold two images");
            return handler(std::move(frame));
        });
    }

private:
    Session session_;
    DeviceInfo info_;
};

const drivers::DriverRegistration registration{{
    .name = "kip-iris",
    .device_class = drivers::DeviceClass::iris_scanner,
    .summary = "KIP-protocol dual iris scanners (640x480 per eye)",
    .usb_ids = {kIrisScannerId},
    .reader_patterns = {},
    .create = [](drivers::DriverBinding binding) -> std::unique_ptr<drivers::Device> {
        return std::make_unique<KipIrisScanner>(std::move(binding.usb));
    },
}};

} // namespace
} // namespace ktpel::kip
