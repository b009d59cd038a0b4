// SPDX-License-Identifier: Apache-2.0
// A card as vpcd (vsmartcard's PC/SC reader driver) sees it. A VpcdLink
// calls these from the thread that runs VpcdLink::serve(), one call at a
// time; a card that is also touched from elsewhere guards its own state.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace ktpel::sim::vpcd {

class VirtualCard
{
public:
    virtual ~VirtualCard() = default;
    // 2..33 bytes (ISO 7816-3; pcscd's MAX_ATR_SIZE). vpcd asks for it on
    // every presence poll (about every 400 ms), not only at power-up.
    virtual std::vector<std::uint8_t> atr() const = 0;
    virtual void power_on() = 0;  // control 1
    virtual void power_off() = 0; // control 0
    virtual void reset() = 0;     // control 2 (warm reset, e.g. SCardDisconnect(SCARD_RESET_CARD))
    // The response APDU, status word included: 1..65535 bytes. vpcd waits
    // for it without a timeout, so a card that never returns stalls the
    // reader in pcscd (SCardTransmit blocks with it).
    virtual std::vector<std::uint8_t> transmit(std::span<const std::uint8_t> command_apdu) = 0;
};

} // namespace ktpel::sim::vpcd
