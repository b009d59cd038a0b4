// SPDX-License-Identifier: Apache-2.0
// The "kip" log category: at debug, each KIP frame sent or received as
// message type, sequence and payload length; switched on with
// KTPEL_LOG=kip:debug (docs/logging.md). Summaries only: payloads carry
// images and templates and are never logged.
#pragma once

#include "common/log_category.hpp"

namespace ktpel::kip {

KTPEL_LOG_CATEGORY(kip, "kip")

} // namespace ktpel::kip
