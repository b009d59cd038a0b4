// SPDX-License-Identifier: Apache-2.0
// What every station has, SOP or not: the handlers' view of the devices,
// the events, the officers' sessions and the held samples. A station with
// an SOP adds SopServices (sop_services.hpp) for the handlers that serve
// applications.
#pragma once

#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>

#include "../api/event_publisher.hpp"
#include "../api/operation_table.hpp"
#include "../auth/session_manager.hpp"
#include "../captures/capture_store.hpp"
#include "../config/station_config.hpp"
#include "../devices/device_manager.hpp"
#include "../devices/device_worker.hpp"

namespace ktpel::daemon {

struct StationCore
{
    const config::StationConfig& config;
    DeviceManager& devices;
    EventPublisher& events;
    const OperationTable& operations;
    std::function<bool(const std::string& client, const std::string& id)> cancel_request;
    boost::asio::io_context& io;
    auth::SessionManager& sessions;
    DeviceWorker& slow_work; // PIN hashing and card rendering: never on the loop
    CaptureStore& captures;  // samples held for applications
};

} // namespace ktpel::daemon
