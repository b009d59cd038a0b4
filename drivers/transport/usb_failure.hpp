// SPDX-License-Identifier: Apache-2.0
// How every USB driver reports a failed transfer: one mapping from the
// transport's error kinds to DeviceFailure kinds and reasons, so a stalled
// endpoint or an unplug reads the same whatever the device family.
#pragma once

#include <string>

#include "../classes/device_failure.hpp"
#include "usb_transport.hpp"

namespace ktpel::usb {

// `while_doing` completes the message: "... while receiving the capture".
[[noreturn]] void throw_device_failure(const TransferError& error, const std::string& while_doing);

} // namespace ktpel::usb
