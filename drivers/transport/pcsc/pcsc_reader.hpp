// SPDX-License-Identifier: Apache-2.0
// One PC/SC reader through libpcsclite. Each PcscReader has its own
// context, so a driver thread using it never shares pcsc-lite state with
// the monitor thread or another reader. Use one PcscReader from one thread
// at a time.
#pragma once

#include <optional>

#include "chip/smartcard_reader.hpp"
#include "pcsc_card_handle.hpp"
#include "pcsc_context.hpp"
#include "pcsc_reader_options.hpp"
#include "pcsc_transaction.hpp"

namespace ktpel::smartcard::pcsc {

class PcscReader final : public Reader
{
public:
    explicit PcscReader(std::string name, PcscReaderOptions options = {});

    const std::string& name() const override { return name_; }
    // Throws PcscError: reader_gone if pcscd no longer has the reader.
    bool card_present() override;
    // Connects (exclusively by default) and returns the ATR. A connection
    // held from before is closed first. Does not wait for a card: no_card
    // if there is none. `stop` already requested: cancelled.
    std::vector<std::uint8_t> connect(std::stop_token stop) override;
    // card_removed if the card was pulled since connect() (also when it
    // goes during this exchange: see PcscReaderOptions::removal_grace);
    // no_card if not connected.
    std::vector<std::uint8_t> transmit(std::span<const std::uint8_t> apdu) override;
    // Applies options().on_disconnect. A card or pcscd that is already gone
    // is not an error here: there is nothing left to disconnect from.
    void disconnect() override;

    bool connected() const noexcept { return card_.has_value(); }
    // SCARD_PROTOCOL_T0 or _T1 while connected, else 0.
    DWORD active_protocol() const noexcept { return card_ ? card_->active_protocol() : 0; }
    const PcscReaderOptions& options() const noexcept { return options_; }

    // Holds the card for a sequence of APDUs that must not be interleaved
    // with another application's (useful in shared mode; harmless in
    // exclusive mode). Requires a connection; end it before disconnect().
    PcscTransaction begin_transaction();

private:
    // Runs `call` with an established context; once more with a fresh one
    // if pcscd was restarted since (the old context is then invalid).
    template <typename Call>
    auto with_context(Call&& call);
    // After an exchange failed: whether pcscd reports the card gone within
    // options_.removal_grace.
    bool card_was_removed();

    std::string name_;
    PcscReaderOptions options_;
    PcscContext context_;
    std::optional<PcscCardHandle> card_;
};

} // namespace ktpel::smartcard::pcsc
