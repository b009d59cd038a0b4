// SPDX-License-Identifier: Apache-2.0
#include "ptp_failures.hpp"

#include "../transport/usb_failure.hpp"

namespace ktpel::ptp {

using Kind = drivers::DeviceFailure::Kind;

Kind kind_of(ResponseCode code)
{
    switch (code) {
    case ResponseCode::transaction_cancelled:
        return Kind::cancelled;
    // The host asked for something this device does not do.
    case ResponseCode::operation_not_supported:
    case ResponseCode::parameter_not_supported:
    case ResponseCode::device_prop_not_supported:
    case ResponseCode::specification_by_format_unsupported:
    case ResponseCode::specification_of_destination_unsupported:
    case ResponseCode::invalid_object_format_code:
    case ResponseCode::invalid_parameter:
        return Kind::invalid;
    // The two sides disagree about the conversation: a host or device bug.
    case ResponseCode::session_not_open:
    case ResponseCode::invalid_transaction_id:
    case ResponseCode::incomplete_transfer:
    case ResponseCode::invalid_storage_id:
    case ResponseCode::invalid_object_handle:
    case ResponseCode::invalid_code_format:
    case ResponseCode::unknown_vendor_code:
    case ResponseCode::session_already_open:
    case ResponseCode::no_valid_object_info:
    case ResponseCode::invalid_parent_object:
    case ResponseCode::invalid_device_prop_format:
    case ResponseCode::invalid_device_prop_value:
        return Kind::protocol;
    // Everything else is the camera's own state: busy, card full or
    // missing, a failed self test, a general error.
    default:
        return Kind::hardware;
    }
}

ResponseFailure::ResponseFailure(ResponseCode code, OperationCode operation)
    : drivers::DeviceFailure(kind_of(code), "ptp_" + snake_name_of(code),
                             "the camera answered " + name_of(operation) + " with " +
                                 name_of(code) + " (" + hex4(static_cast<std::uint16_t>(code)) +
                                 ")"),
      code_(code), operation_(operation)
{
}

void throw_transfer_failure(const usb::TransferError& error, const std::string& while_doing)
{
    usb::throw_device_failure(error, while_doing);
}

} // namespace ktpel::ptp
