// SPDX-License-Identifier: Apache-2.0
#include "ksp_failures.hpp"

namespace ktpel::signpad {
namespace {

using Kind = drivers::DeviceFailure::Kind;

Kind kind_of(ErrorCode code)
{
    return code == ErrorCode::sensor_fault ? Kind::hardware : Kind::protocol;
}

} // namespace

void throw_transfer_failure(const usb::TransferError& error, const std::string& while_doing)
{
    const std::string what = std::string(error.what()) + " while " + while_doing;
    switch (error.kind()) {
    case usb::TransferErrorKind::disconnected:
    case usb::TransferErrorKind::not_found:
        throw drivers::DeviceFailure(Kind::disconnected, "unplugged", what);
    case usb::TransferErrorKind::cancelled:
        throw drivers::DeviceFailure(Kind::cancelled, "cancelled", what);
    case usb::TransferErrorKind::timeout:
        throw drivers::DeviceFailure(Kind::hardware, "device_not_responding", what);
    case usb::TransferErrorKind::stall:
        throw drivers::DeviceFailure(Kind::hardware, "endpoint_stalled", what);
    case usb::TransferErrorKind::overflow:
    case usb::TransferErrorKind::io:
    case usb::TransferErrorKind::access:
        break;
    }
    throw drivers::DeviceFailure(Kind::hardware, "usb_" + usb::to_string(error.kind()), what);
}

void throw_protocol_failure(const std::string& what)
{
    throw drivers::DeviceFailure(Kind::protocol, "protocol_error", what);
}

PadRefusal::PadRefusal(const DeviceError& error, Opcode command)
    : drivers::DeviceFailure(
          kind_of(error.code), "ksp_" + snake_name_of(error.code),
          "the signature pad refused " + name_of(command) + ": " +
              (error.message.empty() ? snake_name_of(error.code) : error.message)),
      code_(error.code)
{
}

} // namespace ktpel::signpad
