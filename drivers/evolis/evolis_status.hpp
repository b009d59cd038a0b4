// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "../classes/card_printer.hpp"

namespace ktpel::evolis {

// Parses the status reply "CONDITION;ribbon=N;hopper=N" into the device
// model. An unknown condition word is kept as it is, never guessed.
drivers::PrinterStatus parse_status(const std::string& reply);

} // namespace ktpel::evolis
