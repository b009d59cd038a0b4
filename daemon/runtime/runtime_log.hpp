// SPDX-License-Identifier: Apache-2.0
// The "runtime" log category: the state and runtime directories, and the
// modes tightened on them at start (docs/logging.md).
#pragma once

#include "common/log_category.hpp"

namespace ktpel::daemon {

KTPEL_LOG_CATEGORY(runtime, "runtime")

} // namespace ktpel::daemon
