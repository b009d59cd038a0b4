// SPDX-License-Identifier: Apache-2.0
// The emulated buses of a simulated station, filled from the
// configuration's `simulation:` section, and the fault injection that
// sim.inject drives.
#pragma once

#include <filesystem>
#include <memory>

#include "../config/station_config.hpp"
#include "drivers/sim/emulated_bus.hpp"
#include "drivers/sim/emulated_reader_bus.hpp"
#include "simulated_chip_slot.hpp"

namespace ktpel::sim {
class EvolisEmulator;
}

namespace ktpel::daemon {

class DeviceManager;

class SimulatedStation
{
public:
    // `state_dir` keeps the in-process virtual chips' card files.
    SimulatedStation(const config::StationConfig& config, const std::filesystem::path& state_dir);

    sim::EmulatedBus& usb_bus() noexcept { return usb_; }
    ~SimulatedStation();
    SimulatedStation(const SimulatedStation&) = delete;
    SimulatedStation& operator=(const SimulatedStation&) = delete;

    sim::EmulatedReaderBus& reader_bus() noexcept { return readers_; }

    // Applies a fault to the device at `location`. Throws ProtocolError
    // (invalid_args) for an unknown fault or bad arguments.
    nlohmann::json inject(DeviceManager& manager, const std::string& location,
                          const std::string& fault, const nlohmann::json& args);
    std::vector<std::string> faults_at(const std::string& location) const;
    // True for the reader holding the simulation's KTP-el chip, also when
    // that reader is pcscd's (the chip program is steered over its socket).
    bool simulates_reader(const std::string& location) const;

private:
    nlohmann::json inject_chip_fault(const std::string& fault, const nlohmann::json& args);

    sim::EmulatedBus usb_;
    sim::EmulatedReaderBus readers_;
    std::string chip_reader_; // the reader the chip slot feeds; empty: none
    std::string sam_reader_;  // the emulated reader holding the SAM; empty: none
    std::unique_ptr<SimulatedChipSlot> chip_slot_;
    std::shared_ptr<sim::EvolisEmulator> observed_printer_;
    std::uint64_t manual_cards_ = 0; // cards a technician put in by hand (sim.inject)
};

} // namespace ktpel::daemon
