// SPDX-License-Identifier: Apache-2.0
// A smartcard reader known only by its name, looked up on the bus each
// time it is connected rather than once when its device is bound. The
// encoder's SAM sits in a second reader that may appear after the card's
// reader (another USB reader plugged in later, or pcscd listing it a
// moment after a restart) and may go and come back while the encoder
// stays bound: a handle opened at bind time would be missing for good in
// the first case. While the reader is absent, every call fails with
// ReaderError reader_gone, which the chip session reports as
// sam_unavailable.
//
// Header-only; one device worker uses it at a time, like any Reader. The
// bus must outlive it.
#pragma once

#include <memory>
#include <string>
#include <type_traits>

#include "chip/smartcard_reader.hpp"

namespace ktpel::daemon {

class ReaderByName final : public smartcard::Reader
{
public:
    ReaderByName(smartcard::ReaderBus& bus, std::string name) : bus_(bus), name_(std::move(name)) {}

    const std::string& name() const override { return name_; }

    // Throws reader_gone while the bus has no reader of this name.
    bool card_present() override
    {
        return relayed([&] { return resolved().card_present(); });
    }

    std::vector<std::uint8_t> connect(std::stop_token stop) override
    {
        // A cancelled job (the daemon stopping, too) never reaches the bus.
        if (stop.stop_requested())
            throw smartcard::ReaderError(smartcard::ReaderError::Kind::cancelled,
                                         "cancelled before connecting to " + name_);
        return relayed([&] { return resolved().connect(stop); });
    }

    std::vector<std::uint8_t> transmit(std::span<const std::uint8_t> apdu) override
    {
        if (!reader_)
            throw smartcard::ReaderError(smartcard::ReaderError::Kind::no_card,
                                         "not connected to " + name_);
        return relayed([&] { return reader_->transmit(apdu); });
    }

    void disconnect() override
    {
        if (reader_)
            relayed([&] { reader_->disconnect(); });
    }

    // Whether a reader of this name was found and not lost since (for
    // tests and diagnostics; the next call may still find it gone).
    bool resolved_now() const noexcept { return reader_ != nullptr; }

private:
    smartcard::Reader& resolved()
    {
        if (!reader_) {
            try {
                reader_ = bus_.open(name_);
            } catch (const smartcard::ReaderError& error) {
                throw smartcard::ReaderError(smartcard::ReaderError::Kind::reader_gone,
                                             std::string("not connected (") + error.what() + ")");
            }
        }
        return *reader_;
    }

    // A reader that went away is looked up afresh next time: the one that
    // comes back may be a new device behind the same name.
    template <typename Call>
    std::invoke_result_t<Call&> relayed(Call&& call)
    {
        try {
            return call();
        } catch (const smartcard::ReaderError& error) {
            if (error.kind() == smartcard::ReaderError::Kind::reader_gone)
                reader_.reset();
            throw;
        }
    }

    smartcard::ReaderBus& bus_;
    std::string name_;
    std::unique_ptr<smartcard::Reader> reader_;
};

} // namespace ktpel::daemon
