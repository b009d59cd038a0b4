// SPDX-License-Identifier: Apache-2.0
#include "usb_session_options.hpp"

#include "integer_options.hpp"

namespace ktpel::usb {

SessionOptions read_session_options(const nlohmann::json& options, SessionTiming defaults,
                                    std::int64_t shortest_silence_ms)
{
    SessionOptions parsed;
    parsed.timing = defaults;
    IntegerOptions read(options);
    read_interface_layout(read, parsed.layout);
    std::int64_t silence_ms = parsed.timing.silence_limit.count();
    read.read("silence_limit_ms", shortest_silence_ms, 60000, silence_ms);
    parsed.timing.silence_limit = std::chrono::milliseconds{silence_ms};
    parsed.error = read.error();
    return parsed;
}

} // namespace ktpel::usb
