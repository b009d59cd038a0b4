// SPDX-License-Identifier: Apache-2.0
// The "ptp" log category: at debug, each transaction as operation,
// transaction id, response code and data length; switched on with
// KTPEL_LOG=ptp:debug (docs/logging.md). Summaries only: the data phase
// may be a photo of a person and is never logged.
#pragma once

#include "common/log_category.hpp"

namespace ktpel::ptp {

KTPEL_LOG_CATEGORY(ptp, "ptp")

} // namespace ktpel::ptp
