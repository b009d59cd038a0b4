// SPDX-License-Identifier: Apache-2.0
// The "devices" log category: devices bound, unplugged, failing their
// probe, and (at debug) every state change the device.status event
// carries; switched on with log_categories: {devices: debug}
// (docs/logging.md).
#pragma once

#include "common/log_category.hpp"

namespace ktpel::daemon {

KTPEL_LOG_CATEGORY(devices, "devices")

} // namespace ktpel::daemon
