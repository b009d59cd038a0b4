// SPDX-License-Identifier: Apache-2.0
// How libusb's two error vocabularies (LIBUSB_ERROR_* return codes and
// libusb_transfer_status) become the transport's TransferErrorKind.
#pragma once

#include <string>

#include <libusb.h>

#include "drivers/transport/usb_transport.hpp"

namespace ktpel::usb::libusb {

TransferErrorKind kind_of_error(int libusb_error) noexcept;

// Only for statuses other than LIBUSB_TRANSFER_COMPLETED.
TransferErrorKind kind_of_status(libusb_transfer_status status) noexcept;

std::string status_name(libusb_transfer_status status);

[[noreturn]] void throw_error(int libusb_error, const std::string& what);

} // namespace ktpel::usb::libusb
