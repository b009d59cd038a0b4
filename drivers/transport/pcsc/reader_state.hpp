// SPDX-License-Identifier: Apache-2.0
// What SCardGetStatusChange says about one reader.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <winscard.h>

namespace ktpel::smartcard::pcsc {

struct ReaderState
{
    std::string name;
    DWORD flags = 0; // SCARD_STATE_* bits, SCARD_STATE_CHANGED cleared
    // Card insertions plus removals pcscd has seen in this reader since it
    // added the reader (the high 16 bits of dwEventState; wraps at 65536).
    // A difference between two states means the card was swapped in
    // between, even if both say "present". Starts again at 0 when pcscd
    // restarts.
    std::uint16_t event_count = 0;
    std::vector<std::uint8_t> atr; // empty when no card

    static ReaderState from(const SCARD_READERSTATE& state);

    bool card_present() const noexcept { return flags & SCARD_STATE_PRESENT; }
    bool empty() const noexcept { return flags & SCARD_STATE_EMPTY; }
    bool exclusive() const noexcept { return flags & SCARD_STATE_EXCLUSIVE; } // held exclusively
    bool in_use() const noexcept { return flags & SCARD_STATE_INUSE; }        // held, shared
    bool mute() const noexcept { return flags & SCARD_STATE_MUTE; } // present, no valid ATR
    bool unavailable() const noexcept
    {
        return flags & (SCARD_STATE_UNAVAILABLE | SCARD_STATE_UNKNOWN);
    }

    bool operator==(const ReaderState&) const = default;
};

// "present exclusive, 3 events" for logs and test messages.
std::string describe(const ReaderState& state);

} // namespace ktpel::smartcard::pcsc
