// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <set>
#include <string>

#include "../config/config_error.hpp"
#include "sop_model.hpp"

namespace ktpel::sop {

// Loads and validates an SOP file. Throws config::ConfigError
// ("file:line:column: message") for YAML errors, unknown keys, wrong
// types, and for a graph that cannot work: an unknown role, a step no path
// reaches, a decision or next pointing to no step, an operation not in
// `known_operations`, a negative or zero standard time, duplicate ids.
Sop load_sop(const std::string& path, const std::set<std::string>& known_operations);
Sop parse_sop(const std::string& text, const std::string& source_name,
              const std::set<std::string>& known_operations);

} // namespace ktpel::sop
