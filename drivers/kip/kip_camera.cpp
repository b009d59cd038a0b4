// SPDX-License-Identifier: Apache-2.0
// Class adapter: a KIP capture camera as a Camera. (DSLRs speaking PTP get
// their own driver with the biometric recording issue.)
#include "../classes/camera.hpp"
#include "kip_session.hpp"
#include "kip_usb_ids.hpp"

namespace ktpel::kip {
namespace {

class KipCamera final : public drivers::Camera
{
public:
    explicit KipCamera(std::unique_ptr<usb::DeviceHandle> usb) : session_(std::move(usb)) {}

    drivers::DeviceIdentity probe(const drivers::OperationContext& context) override
    {
        info_ = session_.get_info(context);
        if (info_.modality != Modality::face)
            throw drivers::DeviceFailure(drivers::DeviceFailure::Kind::protocol, "wrong_modality",
                                         "device is not a face camera");
        return info_.identity;
    }

    nlohmann::json capabilities() const override
    {
        return {{"width", info_.width}, {"height", info_.height}};
    }

    drivers::Photo capture(const drivers::PhotoRequest& request,
                           const drivers::OperationContext& context) override
    {
        const auto started = std::chrono::steady_clock::now();
        auto result = session_.capture(1, request.timeout, context);
        drivers::Photo photo;
        photo.image = std::move(result.images.front());
        photo.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        return photo;
    }

private:
    Session session_;
    DeviceInfo info_;
};

const drivers::DriverRegistration registration{{
    .name = "kip-camera",
    .device_class = drivers::DeviceClass::camera,
    .summary = "KIP-protocol capture cameras (greyscale portrait)",
    .usb_ids = {kCameraId},
    .reader_patterns = {},
    .create = [](drivers::DriverBinding binding) -> std::unique_ptr<drivers::Device> {
        return std::make_unique<KipCamera>(std::move(binding.usb));
    },
}};

} // namespace
} // namespace ktpel::kip
