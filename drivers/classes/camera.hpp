// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>

#include "device.hpp"
#include "raster_image.hpp"

namespace ktpel::drivers {

struct PhotoRequest
{
    std::chrono::milliseconds timeout{10000};
};

struct Photo
{
    RasterImage image; // greyscale for now; colour JPEG arrives with the PTP driver
    std::chrono::milliseconds elapsed{0};
};

class Camera : public Device
{
public:
    DeviceClass device_class() const noexcept final { return DeviceClass::camera; }

    virtual Photo capture(const PhotoRequest& request, const OperationContext& context) = 0;
};

} // namespace ktpel::drivers
