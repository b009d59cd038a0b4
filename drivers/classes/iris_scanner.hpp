// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>

#include "common/raster_image.hpp"
#include "device.hpp"
#include "live_frames.hpp"

namespace ktpel::drivers {

struct IrisCaptureRequest
{
    std::chrono::milliseconds timeout{10000};
};

// A dual iris scanner delivers both eyes from one capture.
struct IrisCapture
{
    RasterImage left;
    RasterImage right;
    std::chrono::milliseconds elapsed{0};
};

class IrisScanner : public Device
{
public:
    DeviceClass device_class() const noexcept final { return DeviceClass::iris_scanner; }

    virtual IrisCapture capture(const IrisCaptureRequest& request,
                                const OperationContext& context) = 0;

    // As FingerprintScanner::stream; each frame holds the right eye, then
    // the left.
    virtual bool streams_frames() const noexcept { return false; }
    virtual LiveEnd stream(const IrisCaptureRequest& request, const OperationContext& context,
                           const LiveFrameHandler& handler);
};

} // namespace ktpel::drivers
