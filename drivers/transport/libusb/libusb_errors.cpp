// SPDX-License-Identifier: Apache-2.0
#include "libusb_errors.hpp"

namespace ktpel::usb::libusb {

TransferErrorKind kind_of_error(int libusb_error) noexcept
{
    switch (libusb_error) {
    case LIBUSB_ERROR_NO_DEVICE:
        return TransferErrorKind::disconnected;
    case LIBUSB_ERROR_TIMEOUT:
        return TransferErrorKind::timeout;
    case LIBUSB_ERROR_PIPE:
        return TransferErrorKind::stall;
    case LIBUSB_ERROR_OVERFLOW:
        return TransferErrorKind::overflow;
    case LIBUSB_ERROR_ACCESS:
        return TransferErrorKind::access;
    case LIBUSB_ERROR_NOT_FOUND:
        return TransferErrorKind::not_found;
    default:
        return TransferErrorKind::io;
    }
}

TransferErrorKind kind_of_status(libusb_transfer_status status) noexcept
{
    switch (status) {
    case LIBUSB_TRANSFER_TIMED_OUT:
        return TransferErrorKind::timeout;
    case LIBUSB_TRANSFER_STALL:
        return TransferErrorKind::stall;
    case LIBUSB_TRANSFER_NO_DEVICE:
        return TransferErrorKind::disconnected;
    case LIBUSB_TRANSFER_CANCELLED:
        return TransferErrorKind::cancelled;
    case LIBUSB_TRANSFER_OVERFLOW:
        return TransferErrorKind::overflow;
    case LIBUSB_TRANSFER_COMPLETED:
    case LIBUSB_TRANSFER_ERROR:
        break;
    }
    return TransferErrorKind::io;
}

std::string status_name(libusb_transfer_status status)
{
    switch (status) {
    case LIBUSB_TRANSFER_COMPLETED:
        return "completed";
    case LIBUSB_TRANSFER_ERROR:
        return "error";
    case LIBUSB_TRANSFER_TIMED_OUT:
        return "timed out";
    case LIBUSB_TRANSFER_CANCELLED:
        return "cancelled";
    case LIBUSB_TRANSFER_STALL:
        return "stall";
    case LIBUSB_TRANSFER_NO_DEVICE:
        return "no device";
    case LIBUSB_TRANSFER_OVERFLOW:
        return "overflow";
    }
    return "status " + std::to_string(static_cast<int>(status));
}

void throw_error(int libusb_error, const std::string& what)
{
    throw TransferError(kind_of_error(libusb_error), what + ": " + libusb_error_name(libusb_error));
}

} // namespace ktpel::usb::libusb
