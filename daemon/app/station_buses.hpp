// SPDX-License-Identifier: Apache-2.0
// The buses the device manager enumerates, chosen by the configuration:
// libusb or the simulation's emulated USB bus; pcscd's readers, the
// simulation's emulated readers, or none.
#pragma once

#include <filesystem>
#include <memory>

#include <boost/asio/io_context.hpp>

#include "chip/smartcard_reader.hpp"
#include "daemon/config/station_config.hpp"
#include "daemon/devices/station_simulation.hpp"
#include "drivers/transport/usb_transport.hpp"
#include "pcsc_reader_watch.hpp"

namespace ktpel::app {

// Owns whatever backs the two buses. Destroy it after the DeviceManager
// that uses them (its devices hold readers of the buses).
struct StationBuses
{
    std::unique_ptr<daemon::StationSimulation> simulation; // null without emulators
    std::unique_ptr<usb::Bus> real_usb;                    // libusb
    std::unique_ptr<daemon::PcscReaderWatch> pcsc;         // pcscd's readers
    usb::Bus* usb = nullptr;
    smartcard::ReaderBus* readers = nullptr; // null: the station has no readers
};

// True when the configuration asks for any simulated device.
bool wants_simulation(const config::StationConfig& config);

// `state_dir` keeps the simulation's in-process virtual cards.
StationBuses open_station_buses(boost::asio::io_context& io, const config::StationConfig& config,
                                const std::filesystem::path& state_dir);

} // namespace ktpel::app
