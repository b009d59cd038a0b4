// SPDX-License-Identifier: Apache-2.0
// A rendered card front, kept as the two layers the ribbon prints
// differently: colour (Y, M, C) and black text (K resin).
#pragma once

#include <string>
#include <vector>

#include "daemon/card/card_layout.hpp"
#include "daemon/card/raster.hpp"

namespace ktpel::card {

// Where one text ended up: the size it was shrunk to, the lines it was
// wrapped to and its ink in dots, so callers and tests can check it.
struct PlacedText
{
    std::string element;
    double size_pt = 0;
    int lines = 0;
    DotRect ink;
    DotRect box;           // the layout box, in dots
    double baseline_y = 0; // first line's baseline, in dots; labels sit on it
};

struct RenderedFront
{
    // Background, photo: everything that is printed with Y, M, C.
    RgbImage colour;
    // Coverage of text and signature, printed with K over the colour (the
    // colour layer is not knocked out: resin black covers it).
    GreyImage black;
    Rgb black_ink; // how K looks, for the proof only
    // Dots that get no overlay varnish (chip window, optionally signature).
    std::vector<DotRect> overlay_clear;
    std::vector<PlacedText> texts;

    // The card as it will look: the black layer over the colour layer.
    RgbImage proof() const;
    // Writes proof() as a PNG; throws std::runtime_error on failure.
    void write_png(const std::string& path) const;
};

} // namespace ktpel::card
