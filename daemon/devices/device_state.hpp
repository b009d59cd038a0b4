// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

namespace ktpel::daemon {

// The device model's states (docs/protocol.md, "Device model").
//   absent --arrival+probe--> ready <--> busy
//   ready/busy --failure--> error --next success--> ready
//   any --unplug--> absent
enum class DeviceState
{
    absent,
    ready,
    busy,
    error,
};

constexpr std::string_view to_string(DeviceState state) noexcept
{
    switch (state) {
    case DeviceState::absent:
        return "absent";
    case DeviceState::ready:
        return "ready";
    case DeviceState::busy:
        return "busy";
    case DeviceState::error:
        return "error";
    }
    return "error";
}

} // namespace ktpel::daemon
