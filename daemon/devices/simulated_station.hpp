// SPDX-License-Identifier: Apache-2.0
// The emulated buses of a simulated station, filled from the
// configuration's `simulation:` section, and the fault injection that
// sim.inject drives.
#pragma once

#include "../config/station_config.hpp"
#include "drivers/sim/emulated_bus.hpp"
#include "drivers/sim/emulated_reader_bus.hpp"

namespace ktpel::daemon {

class DeviceManager;

class SimulatedStation
{
public:
    explicit SimulatedStation(const config::StationConfig& config);

    sim::EmulatedBus& usb_bus() noexcept { return usb_; }
    sim::EmulatedReaderBus& reader_bus() noexcept { return readers_; }

    // Applies a fault to the device at `location`. Throws ProtocolError
    // (invalid_args) for an unknown fault or bad arguments.
    nlohmann::json inject(DeviceManager& manager, const std::string& location,
                          const std::string& fault, const nlohmann::json& args);
    std::vector<std::string> faults_at(const std::string& location) const;

private:
    sim::EmulatedBus usb_;
    sim::EmulatedReaderBus readers_;
};

} // namespace ktpel::daemon
