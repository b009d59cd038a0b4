// SPDX-License-Identifier: Apache-2.0
// The card body rendered for the printer, with the renderer's refusals
// turned into the domain's. It runs on a device's worker (card.print,
// card.issue), where the device manager hands a DomainError back as the
// operation's outcome.
#pragma once

#include "../card/card_data.hpp"
#include "../card/card_renderer.hpp"

namespace ktpel::daemon {

// Throws DomainError(invalid_input) naming the field the renderer refused.
card::RenderedFront render(const card::CardRenderer& renderer, const card::CardData& data);

} // namespace ktpel::daemon
