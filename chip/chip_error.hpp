// SPDX-License-Identifier: Apache-2.0
// Everything that can go wrong talking to a KTP-el chip through the SAM,
// as one typed exception. reason() is the kind in snake case, stable for
// logs and for the daemon's error codes.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ktpel::chip {

class ChipError : public std::runtime_error
{
public:
    enum class Kind
    {
        // The chip's reader.
        no_card,
        card_removed, // pulled mid-session: whatever the last write did, it is on the card or not
        reader_gone,
        cancelled,
        io,
        // The SAM: its reader failed, or it is not a KTP-el SAM.
        sam_unavailable,
        // Who is who.
        not_ktpel,             // no KTP-el application on the card
        wrong_sam,             // the chip refused the SAM's cryptogram: another issuer key
        authentication_failed, // the SAM refused the chip's answer: not a genuine card
        secure_messaging,      // a protected APDU or answer failed its checks; session over
                               // The card's life cycle.
        locked,                // personalisation is over; data groups are read-only
        not_locked,            // activation before personalisation ended
        incomplete,            // a data group is empty or half-written (also: LOCK refused)
        already_activated,
        activation_blocked, // the failed-attempt limit was reached
                            // The data.
        data_too_large,
        verify_failed, // the read-back differs from what was written
        card_error,    // any other unexpected status word
    };

    ChipError(Kind kind, const std::string& message,
              std::optional<std::uint16_t> status_word = std::nullopt);

    Kind kind() const noexcept { return kind_; }
    // The status word that caused it, when one did.
    std::optional<std::uint16_t> status_word() const noexcept { return status_word_; }
    std::string_view reason() const noexcept;

private:
    Kind kind_;
    std::optional<std::uint16_t> status_word_;
};

std::string_view name_of(ChipError::Kind kind) noexcept;

} // namespace ktpel::chip
