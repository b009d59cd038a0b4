// SPDX-License-Identifier: Apache-2.0
// The emulated buses of a simulated station, filled from the
// configuration's `simulation:` section, and the fault injection that
// sim.inject drives.
#pragma once

#include <filesystem>
#include <memory>

#include "daemon/config/station_config.hpp"
#include "daemon/devices/station_simulation.hpp"
#include "sim/emulators/emulated_bus.hpp"
#include "sim/emulators/emulated_reader_bus.hpp"
#include "simulated_chip_slot.hpp"

namespace ktpel::sim {

class EvolisEmulator;

class SimulatedStation final : public daemon::StationSimulation
{
public:
    // `state_dir` keeps the in-process virtual chips' card files.
    SimulatedStation(const config::StationConfig& config, const std::filesystem::path& state_dir);

    usb::Bus& usb_bus() noexcept override { return usb_; }
    ~SimulatedStation();
    SimulatedStation(const SimulatedStation&) = delete;
    SimulatedStation& operator=(const SimulatedStation&) = delete;

    smartcard::ReaderBus& reader_bus() noexcept override { return readers_; }

    nlohmann::json inject(daemon::DeviceManager& manager, const std::string& location,
                          const std::string& fault, const nlohmann::json& args) override;
    std::vector<std::string> faults_at(const std::string& location) const;
    bool simulates_reader(const std::string& location) const override;

private:
    nlohmann::json inject_chip_fault(const std::string& fault, const nlohmann::json& args);

    EmulatedBus usb_;
    EmulatedReaderBus readers_;
    std::string chip_reader_; // the reader the chip slot feeds; empty: none
    std::string sam_reader_;  // the emulated reader holding the SAM; empty: none
    std::unique_ptr<SimulatedChipSlot> chip_slot_;
    std::shared_ptr<EvolisEmulator> observed_printer_;
    std::uint64_t manual_cards_ = 0; // cards a technician put in by hand (sim.inject)
};

} // namespace ktpel::sim
