// SPDX-License-Identifier: Apache-2.0
#include "pcsc_error.hpp"

#include <cstdio>

namespace ktpel::smartcard::pcsc {

PcscError::PcscError(LONG code, const std::string& what)
    : ReaderError(kind_of_error(code), what), code_(code)
{
}

ReaderError::Kind kind_of_error(LONG code) noexcept
{
    switch (code) {
    case SCARD_E_NO_SMARTCARD:
        return ReaderError::Kind::no_card;
    case SCARD_W_REMOVED_CARD:
    // Another application reset the card: whatever the session had set up
    // on it (selected application, secure messaging) is gone, as after a
    // removal.
    case SCARD_W_RESET_CARD:
        return ReaderError::Kind::card_removed;
    case SCARD_E_READER_UNAVAILABLE:
    case SCARD_E_UNKNOWN_READER:
    case SCARD_E_NO_READERS_AVAILABLE:
    case SCARD_E_NO_SERVICE:
    case SCARD_E_SERVICE_STOPPED:
    case SCARD_E_INVALID_HANDLE:
        return ReaderError::Kind::reader_gone;
    case SCARD_E_CANCELLED:
    case SCARD_E_SYSTEM_CANCELLED:
        return ReaderError::Kind::cancelled;
    default:
        return ReaderError::Kind::io;
    }
}

std::string error_text(LONG code)
{
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%08lX", static_cast<unsigned long>(code) & 0xFFFFFFFFUL);
    return std::string(pcsc_stringify_error(code)) + " (" + hex + ")";
}

bool is_service_lost(LONG code) noexcept
{
    // SCARD_F_COMM_ERROR: the socket to pcscd broke under a call.
    return code == SCARD_E_NO_SERVICE || code == SCARD_E_SERVICE_STOPPED ||
           code == SCARD_E_INVALID_HANDLE || code == SCARD_F_COMM_ERROR;
}

void throw_error(LONG code, const std::string& what)
{
    throw PcscError(code, what + ": " + error_text(code));
}

} // namespace ktpel::smartcard::pcsc
