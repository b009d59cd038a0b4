// SPDX-License-Identifier: Apache-2.0
// The virtual SAM: an ISO/IEC 7816 card application holding the issuer
// master key. It authenticates a chip for the host (AUTH BEGIN / AUTH
// FINISH), then protects each plain command (WRAP) and checks and opens
// each protected response (UNWRAP). The host relays APDUs between chip
// and SAM and never sees a key. Commands and status words: docs/chip.md.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "sim/card_sm/mutual_authentication.hpp"
#include "sim/card_sm/secure_messaging.hpp"

namespace ktpel::sim::virtual_sam {

class SamApplet
{
public:
    explicit SamApplet(sm::SecretBytes issuer_key);

    // ISO 7816-3 ATR: T=1, historical bytes "KTPELSAM".
    static std::vector<std::uint8_t> answer_to_reset();

    // Power and reset end any authentication and secure session.
    void power_on() { forget_volatile_state(); }
    void power_off() { forget_volatile_state(); }
    void reset() { forget_volatile_state(); }

    std::vector<std::uint8_t> transmit(std::span<const std::uint8_t> command);

    bool in_secure_session() const noexcept { return session_.has_value(); }

private:
    struct Reply
    {
        std::vector<std::uint8_t> data;
        std::uint16_t sw;
    };

    void forget_volatile_state();
    Reply execute(const chip::CommandApdu& command);
    Reply auth_begin(const chip::CommandApdu& command);
    Reply auth_finish(const chip::CommandApdu& command);
    Reply wrap(const chip::CommandApdu& command);
    Reply unwrap(const chip::CommandApdu& command);

    sm::SecretBytes issuer_key_;
    bool selected_ = false;
    std::optional<sm::TerminalAuthentication> authentication_;
    std::optional<sm::SecureMessaging> session_;
};

} // namespace ktpel::sim::virtual_sam
