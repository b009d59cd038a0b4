// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "../api/event_publisher.hpp"
#include "../api/operation_table.hpp"
#include "../config/station_config.hpp"
#include "../devices/device_manager.hpp"
#include "../devices/simulated_station.hpp"

namespace ktpel::daemon {

// What operation handlers may use. Each ops/*.cpp registers its handlers
// with register_*_operations(table, services).
struct StationServices
{
    const config::StationConfig& config;
    DeviceManager& devices;
    EventPublisher& events;
    SimulatedStation* simulation; // null on a station without emulators
    const OperationTable& operations;
    std::function<bool(const std::string& client, const std::string& id)> cancel_request;
};

void register_station_operations(OperationTable& table, StationServices& services);
void register_device_operations(OperationTable& table, StationServices& services);
void register_capture_operations(OperationTable& table, StationServices& services);
void register_control_operations(OperationTable& table, StationServices& services);

} // namespace ktpel::daemon
