// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <string>

#include "common/raster_image.hpp"
#include "device.hpp"
#include "live_frames.hpp"

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
    // For SlapSlot::single: the ISO/IEC 19794-2 position code (1..10) of the
    // finger asked for; 0 when any finger will do.
    int finger_code = 0;
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

    // Scanners that can stream frames for auto-capture say so; the others
    // throw DeviceFailure(protocol, "not_supported") from stream().
    virtual bool streams_frames() const noexcept { return false; }
    // Streams frames of the slot to `handler` until it says stop or the
    // request's timeout passes. Throws DeviceFailure like capture().
    virtual LiveEnd stream(const FingerprintCaptureRequest& request,
                           const OperationContext& context, const LiveFrameHandler& handler);
};

} // namespace ktpel::drivers
