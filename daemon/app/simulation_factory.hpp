// SPDX-License-Identifier: Apache-2.0
// Whether this ktpeld carries the simulation, and the one place that
// creates it. Only this file's .cpp mentions sim/, and only when the build
// enables simulation (KTPEL_SIMULATION).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "daemon/config/station_config.hpp"
#include "daemon/devices/station_simulation.hpp"

namespace ktpel::app {

bool simulation_built_in() noexcept;

// The first setting of `config` that asks for simulated devices, named as
// the configuration file spells it; empty when none does.
std::string simulation_setting_in(const config::StationConfig& config);

// The simulated station `config` describes. Call only when
// simulation_built_in(); `state_dir` keeps the in-process virtual cards.
std::unique_ptr<daemon::StationSimulation>
make_station_simulation(const config::StationConfig& config,
                        const std::filesystem::path& state_dir);

} // namespace ktpel::app
