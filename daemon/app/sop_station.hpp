// SPDX-License-Identifier: Apache-2.0
// The SOP side of a station: the register, the engine, the application
// service and the receipt issuer, wired to each other and to the held
// captures. Only a station with an SOP has one.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "daemon/captures/capture_store.hpp"
#include "daemon/config/station_config.hpp"
#include "daemon/devices/event_sink.hpp"
#include "daemon/register/receipt_archive.hpp"
#include "daemon/register/register.hpp"
#include "daemon/services/application_service.hpp"
#include "daemon/services/receipt_issuer.hpp"
#include "daemon/sop/engine.hpp"

namespace ktpel::app {

struct SopStation
{
    sop::SystemClock clock; // referred to by the engine and the service
    std::unique_ptr<reg::Register> register_db;
    std::unique_ptr<sop::Engine> engine;
    std::unique_ptr<daemon::ApplicationService> applications;
    std::unique_ptr<reg::ReceiptArchive> receipt_archive;
    std::unique_ptr<daemon::ReceiptIssuer> receipts;
};

// Opens the register at `register_path` and builds the rest around it.
// Closing an application wipes its held captures; completing one issues
// its receipt into `state_dir`/receipts.
std::unique_ptr<SopStation> open_sop_station(boost::asio::io_context& io,
                                             const config::StationConfig& config,
                                             const sop::Sop& sop, const std::string& register_path,
                                             const std::filesystem::path& state_dir,
                                             daemon::EventSink& events,
                                             daemon::CaptureStore& captures);

} // namespace ktpel::app
