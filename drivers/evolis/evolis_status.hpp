// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "../classes/card_printer.hpp"

namespace ktpel::evolis {

// Parses the status reply "CONDITION;ribbon=N;hopper=N" into the device
// model: READY, PRINTING, RIBBON_LOW, COVER_OPEN, FEEDER_EMPTY,
// RIBBON_ENDED, CARD_JAM, MECHANICAL_ERROR become the lower-case
// conditions of PrinterStatus. An unknown condition word is kept as it
// is (lower-cased), never guessed, and is not ready.
drivers::PrinterStatus parse_status(const std::string& reply);

} // namespace ktpel::evolis
