// SPDX-License-Identifier: Apache-2.0
#include "simulation_factory.hpp"

#include <stdexcept>

#ifdef KTPEL_SIMULATION
#include "sim/station/simulated_station.hpp"
#endif

namespace ktpel::app {

bool simulation_built_in() noexcept
{
#ifdef KTPEL_SIMULATION
    return true;
#else
    return false;
#endif
}

std::string simulation_setting_in(const config::StationConfig& config)
{
    if (!config.usb_emulators.empty())
        return "simulation.usb";
    if (!config.reader_emulators.empty())
        return "simulation.readers";
    if (!config.chip_control_socket.empty())
        return "simulation.chip_control_socket";
    if (config.usb_backend == config::UsbBackend::emulated)
        return "usb.backend: emulated (the default when usb: is absent)";
    return {};
}

std::unique_ptr<daemon::StationSimulation>
make_station_simulation([[maybe_unused]] const config::StationConfig& config,
                        [[maybe_unused]] const std::filesystem::path& state_dir)
{
#ifdef KTPEL_SIMULATION
    return std::make_unique<sim::SimulatedStation>(config, state_dir);
#else
    throw std::logic_error("this ktpeld was built without simulation");
#endif
}

} // namespace ktpel::app
