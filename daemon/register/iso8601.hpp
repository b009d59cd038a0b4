// SPDX-License-Identifier: Apache-2.0
// Register timestamps as text: ISO 8601 in UTC with milliseconds
// ("2026-11-24T01:02:03.456Z"). UTC, not the office's clock, because the
// export is read by other systems; the "Z" says which clock it is.
#pragma once

#include <string>

#include "register_records.hpp"

namespace ktpel::reg {

std::string iso8601_utc(Millis at);

} // namespace ktpel::reg
