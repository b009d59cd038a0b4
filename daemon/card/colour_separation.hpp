// SPDX-License-Identifier: Apache-2.0
// A rendered front to the five panels of a YMCKO ribbon.
//
// Y, M, C: subtractive complements of B, G, R (C = 1 - R, ...), 32 levels,
// Floyd-Steinberg error diffusion per panel. Near-black colour dots (all of
// C, M, Y at least `near_black`) are printed with K instead: a dense CMY
// mix is brownish and soaks the card.
// K: the renderer's black layer (text, signature) thresholded at
// `black_threshold` coverage, plus the near-black dots above. The colour
// under black text is left in place: resin black covers it.
// O: varnish everywhere but the front's overlay_clear rectangles.
#pragma once

#include <cstdint>
#include <vector>

#include "daemon/card/rendered_front.hpp"
#include "drivers/classes/card_panels.hpp"

namespace ktpel::card {

struct SeparationOptions
{
    double near_black = 0.85;           // 0..1 on min(C, M, Y)
    std::uint8_t black_threshold = 110; // coverage 0..255 that gets a K dot
};

drivers::CardSide separate(const RgbImage& colour, const GreyImage& black,
                           const std::vector<DotRect>& overlay_clear,
                           const SeparationOptions& options = {});

inline drivers::CardSide separate(const RenderedFront& front, const SeparationOptions& options = {})
{
    return separate(front.colour, front.black, front.overlay_clear, options);
}

} // namespace ktpel::card
