// SPDX-License-Identifier: Apache-2.0
// The "ksp" log category: at debug, each exchange as command, tag, answer
// and payload length; switched on with KTPEL_LOG=ksp:debug
// (docs/logging.md). Summaries only: payloads may hold what the signer
// wrote and are never logged.
#pragma once

#include "common/log_category.hpp"

namespace ktpel::signpad {

KTPEL_LOG_CATEGORY(ksp, "ksp")

} // namespace ktpel::signpad
