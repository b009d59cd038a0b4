// SPDX-License-Identifier: Apache-2.0
// RFC 4180 records: CRLF line ends; a field containing a comma, a double
// quote, CR or LF is enclosed in double quotes with inner quotes doubled.
// Other fields are written as they are, so the text round-trips exactly.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ktpel::reg {

void append_csv_field(std::string& out, std::string_view field);
void append_csv_record(std::string& out, const std::vector<std::string>& fields);

} // namespace ktpel::reg
