// SPDX-License-Identifier: Apache-2.0
// How pcsc-lite's return codes become the transport's ReaderError kinds.
// PcscError keeps the code itself for callers that must tell apart what
// one kind covers (a sharing violation and a dead card are both `io`).
#pragma once

#include <string>

#include <winscard.h>

#include "chip/smartcard_reader.hpp"

namespace ktpel::smartcard::pcsc {

class PcscError : public ReaderError
{
public:
    PcscError(LONG code, const std::string& what);
    LONG code() const noexcept { return code_; }

private:
    LONG code_;
};

ReaderError::Kind kind_of_error(LONG code) noexcept;

// pcsc-lite's text and the code: "Card was removed. (0x80100069)".
std::string error_text(LONG code);

// pcscd is gone or was restarted: the context (and every handle made with
// it) must be established again.
bool is_service_lost(LONG code) noexcept;

// Throws PcscError with "<what>: <error_text(code)>".
[[noreturn]] void throw_error(LONG code, const std::string& what);

} // namespace ktpel::smartcard::pcsc
