// SPDX-License-Identifier: Apache-2.0
#include "usb_transport.hpp"

namespace ktpel::usb {

std::size_t DeviceHandle::interrupt_read(std::uint8_t /*endpoint*/,
                                         std::span<std::uint8_t> /*buffer*/,
                                         std::chrono::milliseconds /*timeout*/,
                                         std::stop_token /*stop*/)
{
    throw TransferError(TransferErrorKind::io, "this transport has no interrupt IN transfers");
}

std::string to_string(TransferErrorKind kind)
{
    switch (kind) {
    case TransferErrorKind::disconnected:
        return "disconnected";
    case TransferErrorKind::timeout:
        return "timeout";
    case TransferErrorKind::stall:
        return "stall";
    case TransferErrorKind::cancelled:
        return "cancelled";
    case TransferErrorKind::overflow:
        return "overflow";
    case TransferErrorKind::io:
        return "io";
    case TransferErrorKind::access:
        return "access";
    case TransferErrorKind::not_found:
        return "not_found";
    }
    return "io";
}

} // namespace ktpel::usb
