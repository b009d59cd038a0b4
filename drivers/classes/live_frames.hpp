// SPDX-License-Identifier: Apache-2.0
// Live capture (auto-capture): a device streams frames and the caller
// judges each one. The driver is the mechanism only; whether a frame is
// good enough is the caller's policy (the daemon computes quality from the
// pixels, never trusting a number the device hands over).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "common/raster_image.hpp"

namespace ktpel::drivers {

struct LiveFrame
{
    std::uint32_t number = 0;        // 0, 1, 2 ... within one stream
    std::vector<RasterImage> images; // one per sensor view (two for a dual iris scanner)
};

enum class LiveVerdict
{
    more, // keep streaming
    stop, // the caller has what it needs
};

// Runs on the device's worker thread, once per frame, in order. It must be
// quick: the device waits (as a USB device is NAKed) while it runs.
using LiveFrameHandler = std::function<LiveVerdict(LiveFrame&& frame)>;

enum class LiveEnd
{
    stopped,   // the handler said stop
    timed_out, // the stream reached the request's timeout first
};

} // namespace ktpel::drivers
