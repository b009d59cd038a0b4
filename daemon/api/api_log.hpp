// SPDX-License-Identifier: Apache-2.0
// The "api" log category: at debug, each request's id and operation as it
// arrives and each reply's outcome as it leaves; switched on with
// log_categories: {api: debug} or KTPEL_LOG=api:debug (docs/logging.md).
// Ids, operation names and error codes only: arguments and blobs may hold
// a NIK or biometrics and are never logged.
#pragma once

#include "common/log_category.hpp"

namespace ktpel::daemon {

KTPEL_LOG_CATEGORY(api, "api")

} // namespace ktpel::daemon
