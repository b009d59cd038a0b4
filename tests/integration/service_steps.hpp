// SPDX-License-Identifier: Apache-2.0
// The seed SOP's first steps, for tests that need an application further
// on: the demo officers open it and walk it to step 4 in progress.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "wire_client.hpp"

namespace ktpel::test {

// sop.step.start then sop.step.complete of `step` by `who`; `extra` adds
// the outcome, reason... Records a test failure when either is refused.
void run_step(WireClient& who, const std::string& application, const std::string& step,
              nlohmann::json extra = nlohmann::json::object());

// Opens an application for the demo applicant (counter officer), runs steps
// 1-3 and starts step 4 (the operator). Returns its id, or "" after
// recording a test failure.
std::string open_at_step_four(WireClient& counter, WireClient& section_head,
                              WireClient& operator_siak);

} // namespace ktpel::test
