// SPDX-License-Identifier: Apache-2.0
// Strokes to a picture: an 8-bit grey image of dark ink on white paper,
// anti-aliased, the line thicker where the pen pressed harder. Two fixed
// shapes: the card's signature box (the ink cropped and fitted into a 3:1
// box) and the preview (the whole pad surface, as the applicant saw it).
#pragma once

#include <cstdint>
#include <vector>

#include "common/pen_trace.hpp"
#include "common/raster_image.hpp"

namespace ktpel::biometrics::signature {

struct RenderOptions
{
    std::uint32_t width = 600;
    std::uint32_t height = 200;
    std::uint32_t ppi = 300; // what the image is for; 0 when it has no print size
    // True: the ink's bounding box (plus the margin) is fitted into the
    // image. False: the pad's whole surface is, with the ink where it was.
    bool crop_to_ink = true;
    // Left free on every edge of a cropped image, as a fraction of its
    // shorter side.
    double margin_fraction = 0.06;
    double pen_width_px = 4.0;             // the line at full pressure
    double lightest_width_fraction = 0.35; // the line at the lightest touch, of the above
    // Width follows (pressure / max) ^ gamma: below 1 a light touch is
    // already well visible.
    double pressure_gamma = 0.6;
    // A cropped signature is never drawn larger than this many times its
    // size on the pad (at `ppi`): a short scribble stays a scribble.
    double max_enlargement = 2.0;
};

// 600 x 200 at 300 ppi (50.8 x 16.9 mm): the signature box of the card.
RenderOptions card_signature_options();
// 480 x 300, the whole surface of a 16:10 pad, for live and review previews.
RenderOptions preview_options();

// Throws std::invalid_argument for an empty or oversized image or a
// geometry without a surface, CairoError when cairo fails. No ink gives
// blank paper.
ktpel::RasterImage render_signature(const std::vector<ktpel::PenStroke>& strokes,
                                    const ktpel::PadGeometry& geometry,
                                    const RenderOptions& options);

} // namespace ktpel::biometrics::signature
