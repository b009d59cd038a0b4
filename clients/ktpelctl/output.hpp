// SPDX-License-Identifier: Apache-2.0
// Machine output (--json) of ktpelctl.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

namespace ktpelctl {

// Indented for one document per run; `one_line` for streams of them
// (watch), one JSON document per line.
void print_json(std::ostream& out, const nlohmann::json& value, bool one_line = false);

} // namespace ktpelctl
