// SPDX-License-Identifier: Apache-2.0
#include "sop_station.hpp"

#include "common/log.hpp"

namespace ktpel::app {

std::unique_ptr<SopStation> open_sop_station(boost::asio::io_context& io,
                                             const config::StationConfig& config,
                                             const sop::Sop& sop, const std::string& register_path,
                                             const std::filesystem::path& state_dir,
                                             daemon::EventSink& events,
                                             daemon::CaptureStore& captures)
{
    auto station = std::make_unique<SopStation>();
    station->register_db = std::make_unique<reg::Register>(register_path, config.office.time_zone);
    station->engine = std::make_unique<sop::Engine>(sop, station->clock, config.sop->time_scale,
                                                    config.office.time_zone);
    station->applications = std::make_unique<daemon::ApplicationService>(
        io, *station->engine, *station->register_db, events, station->clock);
    log::notice("SOP " + sop.header.number + " (" + sop.id + ", " +
                std::to_string(sop.steps.size()) + " steps" +
                (config.sop->time_scale > 1
                     ? ", time scale 1/" + std::to_string(config.sop->time_scale)
                     : "") +
                "); register " + register_path + "; office time zone " +
                std::string(config.office.time_zone.name()));

    // Held samples go with their application.
    station->applications->on_closed(
        [&captures](const std::string& application) { captures.discard_application(application); });
    // Each completed service's proof of receipt, next to the register.
    station->receipt_archive = std::make_unique<reg::ReceiptArchive>(state_dir / "receipts");
    station->receipts = std::make_unique<daemon::ReceiptIssuer>(
        sop, *station->register_db, *station->receipt_archive, captures, config.officers,
        "ktpeld " KTPEL_VERSION);
    station->applications->issue_receipts_with(
        [receipts = station->receipts.get()](const sop::Transition& completing) {
            return receipts->issue(completing);
        });
    return station;
}

} // namespace ktpel::app
