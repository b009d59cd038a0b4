// SPDX-License-Identifier: Apache-2.0
// The smartcard reader transport (PC/SC semantics). Implementations: the
// emulated reader bus (virtual cards in sim/) and, with the
// encoder issue, libpcsclite against a real pcscd.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <vector>

namespace ktpel::smartcard {

class ReaderError : public std::runtime_error
{
public:
    enum class Kind
    {
        no_card,      // SCARD_E_NO_SMARTCARD / removed
        card_removed, // pulled mid-transaction (SCARD_W_REMOVED_CARD)
        reader_gone,  // SCARD_E_READER_UNAVAILABLE
        cancelled,
        io,
    };
    ReaderError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
    Kind kind() const noexcept { return kind_; }

private:
    Kind kind_;
};

class Reader
{
public:
    virtual ~Reader() = default;
    virtual const std::string& name() const = 0;
    virtual bool card_present() = 0;
    // Powers the card and returns its ATR.
    virtual std::vector<std::uint8_t> connect(std::stop_token stop) = 0;
    virtual std::vector<std::uint8_t> transmit(std::span<const std::uint8_t> apdu) = 0;
    virtual void disconnect() = 0;
};

class ReaderBus
{
public:
    virtual ~ReaderBus() = default;
    virtual std::vector<std::string> readers() = 0;
    virtual std::unique_ptr<Reader> open(const std::string& name) = 0;
    // True for readers holding virtual cards: they accept sim.inject.
    virtual bool emulated() const noexcept { return false; }
};

} // namespace ktpel::smartcard
