// SPDX-License-Identifier: Apache-2.0
#include "csv_writer.hpp"

namespace ktpel::reg {

void append_csv_field(std::string& out, std::string_view field)
{
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += field;
        return;
    }
    out += '"';
    for (const char c : field) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

void append_csv_record(std::string& out, const std::vector<std::string>& fields)
{
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i != 0)
            out += ',';
        append_csv_field(out, fields[i]);
    }
    out += "\r\n";
}

} // namespace ktpel::reg
