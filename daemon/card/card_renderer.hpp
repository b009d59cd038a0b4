// SPDX-License-Identifier: Apache-2.0
// Renders the KTP-el front of one holder from a CardLayout with Cairo and
// Pango: real shaping, fontconfig fallback, and the layout's overflow rules.
#pragma once

#include "daemon/card/card_data.hpp"
#include "daemon/card/card_layout.hpp"
#include "daemon/card/card_render_error.hpp"
#include "daemon/card/rendered_front.hpp"

namespace ktpel::card {

class CardRenderer
{
public:
    explicit CardRenderer(CardLayout layout) : layout_(std::move(layout)) {}

    // Throws CardRenderError (naming the field) rather than print a card
    // with text clipped, missing or drawn as replacement boxes.
    RenderedFront render(const CardData& data) const;

    const CardLayout& layout() const { return layout_; }

private:
    CardLayout layout_;
};

} // namespace ktpel::card
