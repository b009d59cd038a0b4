// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "common/raster_image.hpp"
#include "device.hpp"

namespace ktpel::drivers {

struct PhotoRequest
{
    std::chrono::milliseconds timeout{10000};
};

struct Photo
{
    // Greyscale pixels: what the camera sent (KIP) or the luminance of its
    // JPEG (PTP), for callers that want a raster.
    RasterImage image;
    // The camera's own encoded colour file, byte for byte; empty when the
    // camera only sends raw greyscale (then jpeg_width/height are 0).
    std::vector<std::uint8_t> jpeg;
    std::string mime_type; // "image/jpeg" when jpeg is set
    std::uint32_t jpeg_width = 0;
    std::uint32_t jpeg_height = 0;
    std::chrono::milliseconds elapsed{0};
};

class Camera : public Device
{
public:
    DeviceClass device_class() const noexcept final { return DeviceClass::camera; }

    virtual Photo capture(const PhotoRequest& request, const OperationContext& context) = 0;
};

} // namespace ktpel::drivers
