// SPDX-License-Identifier: Apache-2.0
// How a PcscReader connects to its card.
#pragma once

#include <chrono>

#include <winscard.h>

namespace ktpel::smartcard::pcsc {

enum class ShareMode
{
    // No other application can connect while we hold the card (an encoder
    // writing a card, a SAM holding session keys). A second connect gets
    // SCARD_E_SHARING_VIOLATION.
    exclusive,
    shared,
};

enum class Disposition
{
    leave = SCARD_LEAVE_CARD,
    reset = SCARD_RESET_CARD,     // warm reset: clears the card's security state
    unpower = SCARD_UNPOWER_CARD, // cold: the next connect powers it up again
};

struct PcscReaderOptions
{
    ShareMode share = ShareMode::exclusive;
    DWORD protocols = SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1;
    // What disconnect() (and the destructor) does to the card, so the next
    // session never inherits this one's state.
    Disposition on_disconnect = Disposition::reset;
    // A card pulled during an exchange fails it as a plain transport error
    // (SCARD_E_NOT_TRANSACTED) until pcscd's next presence poll notices
    // the removal. transmit() waits up to this long for that verdict, so
    // it can report card_removed instead of io.
    std::chrono::milliseconds removal_grace{1500};
};

constexpr DWORD share_flag(ShareMode mode) noexcept
{
    return mode == ShareMode::exclusive ? SCARD_SHARE_EXCLUSIVE : SCARD_SHARE_SHARED;
}

} // namespace ktpel::smartcard::pcsc
