// SPDX-License-Identifier: Apache-2.0
#include "emulated_reader_bus.hpp"

#include <random>

namespace ktpel::sim {

using smartcard::ReaderError;

VirtualCard make_blank_card()
{
    VirtualCard card;
    // ISO 7816-3 ATR: direct convention, T=1, historical bytes "KTPEL".
    card.atr = {0x3B, 0x85, 0x80, 0x01, 'K', 'T', 'P', 'E', 'L', 0x00};
    std::uint8_t tck = 0;
    for (std::size_t i = 1; i + 1 < card.atr.size(); ++i)
        tck ^= card.atr[i];
    card.atr.back() = tck;
    card.respond = [rng = std::mt19937{42}](std::span<const std::uint8_t> apdu) mutable {
        if (apdu.size() < 4)
            return std::vector<std::uint8_t>{0x67, 0x00}; // wrong length
        const std::uint8_t ins = apdu[1];
        if (ins == 0xA4 && apdu.size() >= 7 && apdu[5] == 0x3F && apdu[6] == 0x00)
            return std::vector<std::uint8_t>{0x90, 0x00};
        if (ins == 0x84) { // GET CHALLENGE
            const std::size_t length = apdu.size() >= 5 && apdu[4] ? apdu[4] : 8;
            std::vector<std::uint8_t> reply(length);
            for (auto& b : reply)
                b = static_cast<std::uint8_t>(rng());
            reply.push_back(0x90);
            reply.push_back(0x00);
            return reply;
        }
        return std::vector<std::uint8_t>{0x6D, 0x00}; // instruction not supported
    };
    return card;
}

class EmulatedReader final : public smartcard::Reader
{
public:
    EmulatedReader(EmulatedReaderBus& bus, std::string name) : bus_(bus), name_(std::move(name)) {}

    const std::string& name() const override { return name_; }

    bool card_present() override
    {
        std::lock_guard lock(bus_.mutex_);
        const auto& slot = checked_slot();
        return slot.card.has_value();
    }

    std::vector<std::uint8_t> connect(std::stop_token /*stop*/) override
    {
        std::lock_guard lock(bus_.mutex_);
        const auto& slot = checked_slot();
        if (!slot.card)
            throw ReaderError(ReaderError::Kind::no_card, "no card in " + name_);
        connected_insertion_ = slot.insertions;
        return slot.card->atr;
    }

    std::vector<std::uint8_t> transmit(std::span<const std::uint8_t> apdu) override
    {
        ApduHandler respond;
        {
            std::lock_guard lock(bus_.mutex_);
            auto& slot = checked_slot();
            if (!slot.card || !connected_insertion_ || *connected_insertion_ != slot.insertions)
                throw ReaderError(ReaderError::Kind::card_removed,
                                  "the card was removed from " + name_);
            respond = slot.card->respond;
        }
        return respond(apdu);
    }

    void disconnect() override { connected_insertion_.reset(); }

private:
    EmulatedReaderBus::Slot& checked_slot()
    {
        auto it = bus_.slots_.find(name_);
        if (it == bus_.slots_.end() || !it->second.reader_present)
            throw ReaderError(ReaderError::Kind::reader_gone, "reader " + name_ + " is gone");
        return it->second;
    }

    EmulatedReaderBus& bus_;
    std::string name_;
    std::optional<std::uint64_t> connected_insertion_;
};

void EmulatedReaderBus::add_reader(const std::string& name, std::optional<VirtualCard> card)
{
    std::lock_guard lock(mutex_);
    auto& slot = slots_[name];
    slot.card = std::move(card);
    slot.insertions += slot.card ? 1 : 0;
}

void EmulatedReaderBus::insert_card(const std::string& name, VirtualCard card)
{
    std::lock_guard lock(mutex_);
    auto& slot = slots_.at(name);
    slot.card = std::move(card);
    ++slot.insertions;
}

void EmulatedReaderBus::remove_card(const std::string& name)
{
    std::lock_guard lock(mutex_);
    slots_.at(name).card.reset();
}

void EmulatedReaderBus::set_reader_present(const std::string& name, bool present)
{
    std::lock_guard lock(mutex_);
    slots_.at(name).reader_present = present;
}

bool EmulatedReaderBus::has_reader(const std::string& name) const
{
    std::lock_guard lock(mutex_);
    return slots_.contains(name);
}

std::vector<std::string> EmulatedReaderBus::readers()
{
    std::lock_guard lock(mutex_);
    std::vector<std::string> names;
    for (const auto& [name, slot] : slots_) {
        if (slot.reader_present)
            names.push_back(name);
    }
    return names;
}

std::unique_ptr<smartcard::Reader> EmulatedReaderBus::open(const std::string& name)
{
    std::lock_guard lock(mutex_);
    const auto it = slots_.find(name);
    if (it == slots_.end() || !it->second.reader_present)
        throw ReaderError(ReaderError::Kind::reader_gone, "no reader named " + name);
    return std::make_unique<EmulatedReader>(*this, name);
}

} // namespace ktpel::sim
