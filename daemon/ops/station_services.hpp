// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/asio/io_context.hpp>

#include "../api/event_publisher.hpp"
#include "../api/operation_table.hpp"
#include "../auth/session_manager.hpp"
#include "../captures/capture_store.hpp"
#include "../config/station_config.hpp"
#include "../devices/device_manager.hpp"
#include "../devices/device_worker.hpp"
#include "../devices/station_simulation.hpp"
#include "../services/application_service.hpp"
#include "../services/receipt_issuer.hpp"

namespace ktpel::card {
class CardRenderer;
}

namespace ktpel::daemon {

// What operation handlers may use. Each ops/*.cpp registers its handlers
// with register_*_operations(table, services).
struct StationServices
{
    const config::StationConfig& config;
    DeviceManager& devices;
    EventPublisher& events;
    const OperationTable& operations;
    std::function<bool(const std::string& client, const std::string& id)> cancel_request;
    boost::asio::io_context& io;
    auth::SessionManager& sessions;
    DeviceWorker& slow_work;          // PIN hashing: never on the loop
    ApplicationService* applications; // null when no SOP is configured
    reg::Register* register_;         // null when no SOP is configured
    CaptureStore& captures;           // samples held for applications
    const ReceiptIssuer* receipts;    // null when no SOP is configured
};

// The emulators (null on a station without them) matter only to hello's
// "simulated" and to sim.inject.
void register_station_operations(OperationTable& table, StationServices& services,
                                 const StationSimulation* simulation);
void register_device_operations(OperationTable& table, StationServices& services);
void register_capture_operations(OperationTable& table, StationServices& services);
void register_control_operations(OperationTable& table, StationServices& services,
                                 StationSimulation* simulation);
void register_session_operations(OperationTable& table, StationServices& services);
void register_sop_operations(OperationTable& table, StationServices& services);
void register_register_operations(OperationTable& table, StationServices& services);
void register_capture_store_operations(OperationTable& table, StationServices& services);
void register_card_operations(OperationTable& table, StationServices& services,
                              std::shared_ptr<const card::CardRenderer> renderer);
// card.issue (step 5) and card.activate (step 6): jobs across devices.
void register_card_issue(OperationTable& table, StationServices& services,
                         std::shared_ptr<const card::CardRenderer> renderer);
void register_card_activation(OperationTable& table, StationServices& services);

// For device operations: checks args.application against the SOP, or, with
// no application, that the officer is a technician (diagnostics). Returns
// the application id ("" for diagnostics).
std::string authorize_device_use(StationServices& services, const CallPtr& call,
                                 const std::string& operation,
                                 const std::optional<std::string>& application);

} // namespace ktpel::daemon
