// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <string>

#include "device.hpp"
#include "raster_image.hpp"

namespace ktpel::drivers {

// Which part of the 4-4-2 slap sequence the operator asked for. The
// scanner itself does not care; the daemon records it with the sample.
enum class SlapSlot
{
    left_four,
    right_four,
    thumbs,
    single, // one finger (activation check, flat index)
};

struct FingerprintCaptureRequest
{
    SlapSlot slot = SlapSlot::left_four;
    std::chrono::milliseconds timeout{10000};
};

struct FingerprintCapture
{
    RasterImage image;
    std::uint32_t frames_seen = 0;        // how many frames the device streamed
    std::chrono::milliseconds elapsed{0}; // from start to final frame
};

class FingerprintScanner : public Device
{
public:
    DeviceClass device_class() const noexcept final { return DeviceClass::fingerprint_scanner; }

    // Blocks until a sample is captured; throws DeviceFailure otherwise.
    virtual FingerprintCapture capture(const FingerprintCaptureRequest& request,
                                       const OperationContext& context) = 0;
};

} // namespace ktpel::drivers
