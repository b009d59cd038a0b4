// SPDX-License-Identifier: Apache-2.0
// The virtual chip's steering language: one command per line, one JSON
// object per answer, always with "ok" (and "error" when false).
//
//   insert-blank            a new blank card (random UID) in the slot
//   insert <UID>            reinsert a stored card
//   remove                  empty the slot
//   pull-after-writes <N>   pull the card after N more write APDUs
//   exchange-delay <MS>     answer every APDU MS (0..10000) later
//   status                  the slot and the inserted card
//   list                    every stored card with its life-cycle state
//   help                    the commands
#pragma once

#include <string>
#include <string_view>

#include "chip_slot.hpp"

namespace ktpel::sim::virtual_chip {

// Never throws for a bad command: the answer says what was wrong.
std::string run_control_command(ChipSlot& slot, const CardStore& store, std::string_view line);

} // namespace ktpel::sim::virtual_chip
