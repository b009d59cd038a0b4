// SPDX-License-Identifier: Apache-2.0
// SCardBeginTransaction ... SCardEndTransaction: no other handle (of this
// or another application, in shared mode) talks to the card in between.
#pragma once

#include <winscard.h>

#include "pcsc_reader_options.hpp"

namespace ktpel::smartcard::pcsc {

class PcscTransaction
{
public:
    // Blocks while another handle holds a transaction on the card; throws
    // PcscError (card_removed when the card went since connecting).
    explicit PcscTransaction(SCARDHANDLE handle);
    // Ends with SCARD_LEAVE_CARD. A failure here means the card or pcscd
    // is gone, which ends the transaction as well.
    ~PcscTransaction();
    PcscTransaction(const PcscTransaction&) = delete;
    PcscTransaction& operator=(const PcscTransaction&) = delete;

    // Ends now and reports a failure; the destructor then does nothing.
    void end(Disposition disposition = Disposition::leave);

private:
    SCARDHANDLE handle_;
    bool open_ = true;
};

} // namespace ktpel::smartcard::pcsc
