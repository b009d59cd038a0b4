// SPDX-License-Identifier: Apache-2.0
// The day's register.report as a compact table for the end of the walk.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

namespace walkthrough {

void print_report(std::ostream& out, const nlohmann::json& report);

} // namespace walkthrough
