// SPDX-License-Identifier: Apache-2.0
#include "card_rendering.hpp"

#include "../card/card_render_error.hpp"
#include "../errors/domain_error.hpp"

namespace ktpel::daemon {

card::RenderedFront render(const card::CardRenderer& renderer, const card::CardData& data)
{
    try {
        return renderer.render(data);
    } catch (const card::CardRenderError& e) {
        throw DomainError(Fault::invalid_input, e.what(),
                          {{"arg", "card." + e.field()}, {"field", e.field()}});
    }
}

} // namespace ktpel::daemon
