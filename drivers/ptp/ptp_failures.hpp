// SPDX-License-Identifier: Apache-2.0
// How PTP's failures become the project's DeviceFailure kinds: a response
// code other than OK, and a USB transfer that went wrong.
#pragma once

#include <string>

#include "../classes/device_failure.hpp"
#include "../transport/usb_transport.hpp"
#include "ptp_codes.hpp"

namespace ktpel::ptp {

// The device answered a transaction with a response code other than OK.
// reason() is "ptp_" + the code's name in snake case ("ptp_device_busy").
class ResponseFailure : public drivers::DeviceFailure
{
public:
    ResponseFailure(ResponseCode code, OperationCode operation);

    ResponseCode code() const noexcept { return code_; }
    OperationCode operation() const noexcept { return operation_; }

private:
    ResponseCode code_;
    OperationCode operation_;
};

drivers::DeviceFailure::Kind kind_of(ResponseCode code);

// Unplugged -> disconnected/unplugged, stall -> hardware/endpoint_stalled,
// silence -> hardware/device_not_responding, stop token -> cancelled.
[[noreturn]] void throw_transfer_failure(const usb::TransferError& error,
                                         const std::string& while_doing);

} // namespace ktpel::ptp
