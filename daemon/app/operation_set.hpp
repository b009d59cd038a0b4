// SPDX-License-Identifier: Apache-2.0
// Which operations this station offers: the device and station ones
// always; card printing with a card layout; the SOP's (applications, the
// register, held captures, card issue and activation) with an SOP.
#pragma once

#include <optional>

#include "daemon/api/operation_table.hpp"
#include "daemon/card/card_layout.hpp"
#include "daemon/ops/operation_registration.hpp"

namespace ktpel::app {

// `sop` is null on a station without an SOP, `simulation` on a station
// without emulators.
void register_operations(daemon::OperationTable& table, daemon::StationCore& core,
                         daemon::SopServices* sop, daemon::StationSimulation* simulation,
                         std::optional<card::CardLayout> card_layout);

} // namespace ktpel::app
