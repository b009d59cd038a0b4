// SPDX-License-Identifier: Apache-2.0
#include "usb_failure.hpp"

namespace ktpel::usb {

void throw_device_failure(const TransferError& error, const std::string& while_doing)
{
    using drivers::DeviceFailure;
    using Kind = DeviceFailure::Kind;
    const std::string what = std::string(error.what()) + " while " + while_doing;
    switch (error.kind()) {
    case TransferErrorKind::disconnected:
    case TransferErrorKind::not_found:
        throw DeviceFailure(Kind::disconnected, "unplugged", what);
    case TransferErrorKind::cancelled:
        throw DeviceFailure(Kind::cancelled, "cancelled", what);
    case TransferErrorKind::timeout:
        throw DeviceFailure(Kind::hardware, "device_not_responding", what);
    case TransferErrorKind::stall:
        throw DeviceFailure(Kind::hardware, "endpoint_stalled", what);
    case TransferErrorKind::overflow:
    case TransferErrorKind::io:
    case TransferErrorKind::access:
        break;
    }
    throw DeviceFailure(Kind::hardware, "usb_" + to_string(error.kind()), what);
}

} // namespace ktpel::usb
