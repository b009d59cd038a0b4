// SPDX-License-Identifier: Apache-2.0
// The "pcsc" log category: APDU summaries at debug (command header, data
// lengths, status word), switched on with KTPEL_LOG=pcsc:debug
// (docs/logging.md). Never the data fields: they carry NIKs, personal
// data, biometric templates and key material.
#pragma once

#include "common/log_category.hpp"

namespace ktpel::smartcard::pcsc {

KTPEL_LOG_CATEGORY(pcsc, "pcsc")

} // namespace ktpel::smartcard::pcsc
