// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "config_error.hpp"
#include "station_config.hpp"

namespace ktpel::config {

// Loads and validates a station configuration. Throws ConfigError for
// syntax errors, unknown keys, wrong types, missing fields and values out
// of range, each located in the file.
StationConfig load_station_config(const std::string& path);
StationConfig parse_station_config(const std::string& text, const std::string& source_name);

} // namespace ktpel::config
