// SPDX-License-Identifier: Apache-2.0
// How KSP's failures become the project's DeviceFailure kinds: a USB
// transfer that went wrong, bytes that are not KSP, and an ERROR answer.
#pragma once

#include <string>

#include "../classes/device_failure.hpp"
#include "../transport/usb_transport.hpp"
#include "ksp_frame.hpp"
#include "ksp_messages.hpp"

namespace ktpel::signpad {

// Unplugged -> disconnected/unplugged, stall -> hardware/endpoint_stalled,
// silence -> hardware/device_not_responding, stop token -> cancelled.
[[noreturn]] void throw_transfer_failure(const usb::TransferError& error,
                                         const std::string& while_doing);

// protocol/protocol_error.
[[noreturn]] void throw_protocol_failure(const std::string& what);

// The pad answered a command with ERROR: hardware/ksp_sensor_fault for a
// fault of the pad, protocol/ksp_<code> for a command it did not accept
// (a host bug, or a pad of another protocol revision).
class PadRefusal : public drivers::DeviceFailure
{
public:
    PadRefusal(const DeviceError& error, Opcode command);

    ErrorCode code() const noexcept { return code_; }

private:
    ErrorCode code_;
};

} // namespace ktpel::signpad
