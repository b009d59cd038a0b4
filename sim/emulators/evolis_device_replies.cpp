// SPDX-License-Identifier: Apache-2.0
#include "evolis_device_replies.hpp"

namespace ktpel::sim::evolis_replies {

std::string refusal(std::string_view word)
{
    return "ERR " + std::string(word);
}

std::string status(std::string_view condition, int ribbon_panels, int cards_in_hopper)
{
    return std::string(condition) + ";ribbon=" + std::to_string(ribbon_panels) +
           ";hopper=" + std::to_string(cards_in_hopper);
}

} // namespace ktpel::sim::evolis_replies
