// SPDX-License-Identifier: Apache-2.0
// Live previews for the operator's screen: every frame a device streams,
// shrunk to a few hundred pixels and published on op.preview. A preview
// is never the sample: the full-resolution frame goes only in the reply.
#pragma once

#include <nlohmann/json.hpp>

#include "drivers/classes/live_frames.hpp"
#include "drivers/classes/operation_context.hpp"

namespace ktpel::daemon {

// The frame's views side by side (a dual iris frame: right eye, then
// left), box-filtered down to at most `max_width` x `max_height`.
drivers::RasterImage preview_image(const drivers::LiveFrame& frame, std::uint32_t max_width = 320,
                                   std::uint32_t max_height = 320);

// Publishes the frame's preview through the context, with `extra` (e.g.
// the quality of the last judged frame) in the event.
void publish_preview(const drivers::OperationContext& context, const drivers::LiveFrame& frame,
                     nlohmann::json extra = nlohmann::json::object());

} // namespace ktpel::daemon
