// SPDX-License-Identifier: Apache-2.0
// The options every USB session family (PTP cameras, KSP pads) takes from
// its device entry in the station config: where the interface lives and
// how long the device may stay silent. Each family keeps its own defaults
// and floor; the reading and the bad-option report are the same.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "usb_interface_layout.hpp"

namespace ktpel::usb {

struct SessionTiming
{
    std::chrono::milliseconds command_write{2000};
    // A device that owes us an answer and says nothing for this long is
    // hung; each family sets it from what its devices promise.
    std::chrono::milliseconds silence_limit{3000};
};

struct SessionOptions
{
    InterfaceLayout layout;
    SessionTiming timing;
    std::string error; // a bad option, reported by the driver's probe()
};

// Reads "interface", "bulk_out", "bulk_in", "interrupt_in" and
// "silence_limit_ms" (from `shortest_silence_ms` to 60 s) over `defaults`.
SessionOptions read_session_options(const nlohmann::json& options, SessionTiming defaults,
                                    std::int64_t shortest_silence_ms);

} // namespace ktpel::usb
