// SPDX-License-Identifier: Apache-2.0
#include "output.hpp"

namespace ktpelctl {

void print_json(std::ostream& out, const nlohmann::json& value, bool one_line)
{
    // A device name with broken UTF-8 must not make the whole output fail.
    out << value.dump(one_line ? -1 : 2, ' ', false, nlohmann::json::error_handler_t::replace)
        << '\n'
        << std::flush;
}

} // namespace ktpelctl
