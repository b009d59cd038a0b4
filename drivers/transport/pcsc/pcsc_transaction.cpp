// SPDX-License-Identifier: Apache-2.0
#include "pcsc_transaction.hpp"

#include "pcsc_error.hpp"

namespace ktpel::smartcard::pcsc {

PcscTransaction::PcscTransaction(SCARDHANDLE handle) : handle_(handle)
{
    if (const LONG result = SCardBeginTransaction(handle_); result != SCARD_S_SUCCESS)
        throw_error(result, "cannot begin a transaction with the card");
}

PcscTransaction::~PcscTransaction()
{
    if (open_)
        SCardEndTransaction(handle_, SCARD_LEAVE_CARD);
}

void PcscTransaction::end(Disposition disposition)
{
    if (!open_)
        return;
    open_ = false;
    if (const LONG result = SCardEndTransaction(handle_, static_cast<DWORD>(disposition));
        result != SCARD_S_SUCCESS)
        throw_error(result, "cannot end the transaction with the card");
}

} // namespace ktpel::smartcard::pcsc
