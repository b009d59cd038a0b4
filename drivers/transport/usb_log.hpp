// SPDX-License-Identifier: Apache-2.0
// The "usb" log category: transfer summaries at debug (endpoint, length,
// outcome), switched on with KTPEL_LOG=usb:debug (docs/logging.md).
#pragma once

#include "common/log_category.hpp"

namespace ktpel::usb {

KTPEL_LOG_CATEGORY(usb, "usb")

} // namespace ktpel::usb
