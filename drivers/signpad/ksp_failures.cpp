// SPDX-License-Identifier: Apache-2.0
#include "ksp_failures.hpp"

#include "../transport/usb_failure.hpp"

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
    usb::throw_device_failure(error, while_doing);
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
