// SPDX-License-Identifier: Apache-2.0
// Each ops/*.cpp registers its handlers in the operation table with one of
// these. The composition root (daemon/app/operation_set.cpp) decides which:
// the device and station operations always, the SOP's only with an SOP.
#pragma once

#include <memory>

#include "../api/operation_table.hpp"
#include "../devices/station_simulation.hpp"
#include "sop_services.hpp"
#include "station_core.hpp"

namespace ktpel::card {
class CardRenderer;
}

namespace ktpel::daemon {

// The emulators (null on a station without them) matter only to hello's
// "simulated" and to sim.inject.
void register_station_operations(OperationTable& table, StationCore& core,
                                 const StationSimulation* simulation);
void register_control_operations(OperationTable& table, StationCore& core,
                                 StationSimulation* simulation);
void register_session_operations(OperationTable& table, StationCore& core);
void register_device_operations(OperationTable& table, StationCore& core);

// Captures and card printing also serve a technician's diagnostics; `sop`
// is null on a station without an SOP (diagnostics only, no register).
void register_capture_operations(OperationTable& table, StationCore& core, SopServices* sop);
void register_card_operations(OperationTable& table, StationCore& core, SopServices* sop,
                              std::shared_ptr<const card::CardRenderer> renderer);

// Only on a station with an SOP.
void register_sop_operations(OperationTable& table, StationCore& core, SopServices& sop);
void register_register_operations(OperationTable& table, SopServices& sop);
void register_capture_store_operations(OperationTable& table, StationCore& core, SopServices& sop);
// card.issue (step 5) and card.activate (step 6): jobs across devices.
void register_card_issue(OperationTable& table, StationCore& core, SopServices& sop,
                         std::shared_ptr<const card::CardRenderer> renderer);
void register_card_activation(OperationTable& table, StationCore& core, SopServices& sop);

} // namespace ktpel::daemon
