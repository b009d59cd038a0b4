// SPDX-License-Identifier: Apache-2.0
// An owned SCARDCONTEXT: one connection to pcscd. pcsc-lite lets another
// thread call cancel() while a call on the context blocks; everything
// else on one context belongs to one thread at a time.
#pragma once

#include <string>
#include <vector>

#include <winscard.h>

namespace ktpel::smartcard::pcsc {

class PcscContext
{
public:
    // Throws PcscError (reader_gone when pcscd is not running).
    static PcscContext establish();
    // As establish(), but returns the failure instead of throwing; the
    // context stays empty then.
    static PcscContext try_establish(LONG& result) noexcept;

    PcscContext() noexcept = default; // empty
    ~PcscContext() { reset(); }
    PcscContext(PcscContext&& other) noexcept;
    PcscContext& operator=(PcscContext&& other) noexcept;
    PcscContext(const PcscContext&) = delete;
    PcscContext& operator=(const PcscContext&) = delete;

    SCARDCONTEXT get() const noexcept { return context_; }
    explicit operator bool() const noexcept { return established_; }
    void reset() noexcept;

    // All readers pcscd knows, in its order; empty when there are none.
    // Throws PcscError.
    std::vector<std::string> list_readers() const;
    // As list_readers(), returning the failure instead of throwing.
    LONG try_list_readers(std::vector<std::string>& readers) const;

    // Makes a blocking SCardGetStatusChange on this context return
    // SCARD_E_CANCELLED. Callable from any thread.
    LONG cancel() const noexcept;

private:
    SCARDCONTEXT context_ = 0;
    bool established_ = false;
};

} // namespace ktpel::smartcard::pcsc
