// SPDX-License-Identifier: Apache-2.0
#include "station_buses.hpp"

#include "drivers/transport/libusb/libusb_bus.hpp"
#include "simulation_factory.hpp"

namespace ktpel::app {

bool wants_simulation(const config::StationConfig& config)
{
    return !config.usb_emulators.empty() || !config.reader_emulators.empty() ||
           config.usb_backend == config::UsbBackend::emulated;
}

StationBuses open_station_buses(boost::asio::io_context& io, const config::StationConfig& config,
                                const std::filesystem::path& state_dir)
{
    StationBuses buses;
    if (wants_simulation(config)) {
        buses.simulation = make_station_simulation(config, state_dir);
        buses.readers = &buses.simulation->reader_bus();
    }
    // pcscd's readers replace the emulated ones; the simulation may still
    // steer the chip behind one of them (simulation.chip_control_socket).
    if (config.smartcard_backend == config::SmartcardBackend::pcsc) {
        buses.pcsc = std::make_unique<daemon::PcscReaderWatch>();
        buses.readers = &buses.pcsc->bus();
    }
    if (config.usb_backend == config::UsbBackend::libusb) {
        buses.real_usb = std::make_unique<usb::LibusbBus>(io);
        buses.usb = buses.real_usb.get();
    } else {
        buses.usb = &buses.simulation->usb_bus();
    }
    return buses;
}

} // namespace ktpel::app
