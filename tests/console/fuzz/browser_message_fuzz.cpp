// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the gateway's parser of what a browser tab sends
// (clients/console/gateway/browser_message.hpp): any bytes must give a
// message or a BrowserMessageError, never a crash, a hang or another
// exception; and a message it accepts keeps the rules it promises.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "browser_message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto message = ktpel::console::parse_browser_message(text);
        // Accepted: an id the routing can carry, a plain operation name,
        // object arguments, and never a login or logout.
        if (message.id.empty() || message.id.size() > ktpel::console::kMaxBrowserIdBytes ||
            message.op.empty() || !message.args.is_object() || message.op == "session.login" ||
            message.op == "session.logout")
            std::abort();
    } catch (const ktpel::console::BrowserMessageError& refused) {
        if (refused.reason().empty())
            std::abort();
    }
    return 0;
}
