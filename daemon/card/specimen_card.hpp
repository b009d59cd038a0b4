// SPDX-License-Identifier: Apache-2.0
// The specimen card: what a technician's test print carries. Obviously
// not a person (SPESIMEN, an all-nines NIK, a drawn silhouette), so a test
// card that leaves the office by mistake deceives nobody; the daemon owns
// it so that no one can print a holder's card outside card.issue.
#pragma once

#include "daemon/card/card_data.hpp"

namespace ktpel::card {

CardData specimen_card();

} // namespace ktpel::card
