// SPDX-License-Identifier: Apache-2.0
#include "evolis_status.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

namespace ktpel::evolis {

drivers::PrinterStatus parse_status(const std::string& reply)
{
    drivers::PrinterStatus status;
    status.raw = reply;
    std::stringstream fields(reply);
    std::string field;
    bool first = true;
    while (std::getline(fields, field, ';')) {
        if (first) {
            status.condition = field;
            std::transform(status.condition.begin(), status.condition.end(),
                           status.condition.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            first = false;
            continue;
        }
        const auto eq = field.find('=');
        if (eq == std::string::npos)
            continue;
        int value = 0;
        const auto text = field.substr(eq + 1);
        if (std::from_chars(text.data(), text.data() + text.size(), value).ec != std::errc{})
            continue;
        const auto key = field.substr(0, eq);
        if (key == "ribbon")
            status.ribbon_panels_left = value;
        else if (key == "hopper")
            status.cards_in_hopper = value;
    }
    // A low ribbon is a warning for the technician, not a reason to stop.
    status.ribbon_low = status.condition == "ribbon_low";
    status.ready = status.condition == "ready" || status.ribbon_low;
    return status;
}

} // namespace ktpel::evolis
