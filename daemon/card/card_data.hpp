// SPDX-License-Identifier: Apache-2.0
// What is printed about one holder. Texts are UTF-8, already in the form
// printed (the KTP-el prints most values in capitals; this layer does not
// change case, so what was verified is what is printed).
#pragma once

#include <optional>
#include <string>

#include "chip/biographic_record.hpp"
#include "daemon/card/raster.hpp"

namespace ktpel::card {

struct CardData
{
    // The texts, the same record the chip's data group 1 carries.
    chip::BiographicData holder;

    // Any size: scaled to fit its box keeping its proportions, centred.
    Raster photo;
    // Grey, dark ink on a light ground; absent for holders who cannot sign.
    std::optional<Raster> signature;
};

} // namespace ktpel::card
