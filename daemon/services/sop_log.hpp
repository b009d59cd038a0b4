// SPDX-License-Identifier: Apache-2.0
// The "sop" log category: applications opened, steps completed or
// skipped, cards voided, receipts drawn, and what a restart withdrew. The
// NIK appears masked only (docs/logging.md).
#pragma once

#include "common/log_category.hpp"

namespace ktpel::daemon {

KTPEL_LOG_CATEGORY(sop, "sop")

} // namespace ktpel::daemon
