// SPDX-License-Identifier: Apache-2.0
#include "simulated_chip_slot.hpp"

#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include "common/hex_bytes.hpp"
#include "common/log.hpp"
#include "sim/card_sm/issuer_keys.hpp"
#include "sim/emulators/emulated_reader_bus.hpp"
#include "sim/virtual_chip/card_store.hpp"
#include "sim/virtual_chip/chip_slot.hpp"

namespace ktpel::sim {

void SimulatedChipSlot::card_moved(std::optional<std::uint64_t> number)
{
    std::lock_guard lock(mutex_);
    try {
        if (!number) {
            remove();
            return;
        }
        if (std::exchange(withhold_next_, false)) {
            log::notice("simulated encoder: card " + std::to_string(*number) +
                        " is kept out of the reader (withhold_card)");
            return;
        }
        const auto known = chip_of_card_.find(*number);
        if (known != chip_of_card_.end())
            insert(known->second);
        else
            chip_of_card_.emplace(*number, insert_blank());
        arm_pending_pull();
    } catch (const std::exception& error) {
        log::warning(std::string("simulated encoder: ") + error.what());
    }
}

void SimulatedChipSlot::present(const std::string& uid)
{
    std::lock_guard lock(mutex_);
    remove();
    insert(uid);
    arm_pending_pull();
}

void SimulatedChipSlot::pull_after_writes(unsigned writes)
{
    std::lock_guard lock(mutex_);
    pending_pull_ = writes;
    try {
        arm_pending_pull();
    } catch (const SimulatedChipSlotError&) {
        // No card yet: the next one to arrive gets it.
    }
}

void SimulatedChipSlot::withhold_next_card()
{
    std::lock_guard lock(mutex_);
    withhold_next_ = true;
}

void SimulatedChipSlot::arm_pending_pull()
{
    if (!pending_pull_)
        return;
    pull_card_after(*pending_pull_);
    pending_pull_.reset();
}

namespace {

class InProcessChipSlot final : public SimulatedChipSlot
{
public:
    InProcessChipSlot(sim::EmulatedReaderBus& bus, std::string reader,
                      const std::filesystem::path& card_dir)
        : bus_(bus), reader_(std::move(reader)), store_(card_dir),
          slot_(store_, sim::sm::demo_issuer_key())
    {
    }

    nlohmann::json status() override { return slot_.status(); }

    void set_exchange_delay(std::chrono::milliseconds delay) override
    {
        slot_.set_exchange_delay(delay);
    }

protected:
    void pull_card_after(unsigned writes) override
    {
        try {
            slot_.pull_after_writes(writes);
        } catch (const std::exception& error) {
            throw SimulatedChipSlotError(error.what());
        }
    }

    std::string insert_blank() override
    {
        const auto uid = slot_.insert_blank();
        bus_.insert_card(reader_, card());
        return ktpel::to_hex(uid);
    }

    void insert(const std::string& uid) override
    {
        const auto bytes = ktpel::from_hex(uid);
        chip::CardUid card_uid{};
        if (!bytes || bytes->size() != card_uid.size())
            throw SimulatedChipSlotError("not a card UID: " + uid);
        std::copy(bytes->begin(), bytes->end(), card_uid.begin());
        try {
            slot_.insert(card_uid);
        } catch (const std::exception& error) {
            throw SimulatedChipSlotError(error.what());
        }
        bus_.insert_card(reader_, card());
    }

    void remove() override
    {
        slot_.remove();
        bus_.remove_card(reader_);
    }

private:
    // The reader's view of the slot's card. A card pulled while answering
    // leaves the reader too, as it would leave a real coupler's field.
    sim::VirtualCard card()
    {
        sim::VirtualCard card;
        card.atr = slot_.atr();
        card.respond = [this](std::span<const std::uint8_t> apdu) {
            std::optional<std::vector<std::uint8_t>> answer;
            try {
                answer = slot_.transmit(apdu);
            } catch (const sim::virtual_chip::NoCardError&) {
            }
            if (!answer) {
                bus_.remove_card(reader_);
                throw smartcard::ReaderError(smartcard::ReaderError::Kind::card_removed,
                                             "the card left " + reader_ + " during the exchange");
            }
            return *answer;
        };
        return card;
    }

    sim::EmulatedReaderBus& bus_;
    std::string reader_;
    sim::virtual_chip::CardStore store_;
    sim::virtual_chip::ChipSlot slot_;
};

// One short connection per command: the chip program serves one client
// at a time, and the printer moves cards seconds apart.
class ControlledChipSlot final : public SimulatedChipSlot
{
public:
    explicit ControlledChipSlot(std::filesystem::path socket) : socket_(std::move(socket)) {}

    nlohmann::json status() override { return command("status"); }

    void set_exchange_delay(std::chrono::milliseconds delay) override
    {
        command("exchange-delay " + std::to_string(delay.count()));
    }

protected:
    void pull_card_after(unsigned writes) override
    {
        command("pull-after-writes " + std::to_string(writes));
    }

    std::string insert_blank() override
    {
        return command("insert-blank").value("uid", std::string{});
    }
    void insert(const std::string& uid) override { command("insert " + uid); }
    void remove() override { command("remove"); }

private:
    nlohmann::json command(const std::string& line)
    {
        namespace asio = boost::asio;
        try {
            asio::io_context io;
            asio::local::stream_protocol::socket socket(io);
            socket.connect(asio::local::stream_protocol::endpoint(socket_.string()));
            asio::write(socket, asio::buffer(line + "\n"));
            asio::streambuf reply;
            asio::read_until(socket, reply, '\n');
            std::istream in(&reply);
            std::string text;
            std::getline(in, text);
            auto answer = nlohmann::json::parse(text);
            if (!answer.value("ok", false))
                throw SimulatedChipSlotError("virtual chip refused \"" + line +
                                             "\": " + answer.value("error", std::string{"?"}));
            return answer;
        } catch (const boost::system::system_error& error) {
            throw SimulatedChipSlotError("virtual chip control socket " + socket_.string() + ": " +
                                         error.what());
        } catch (const nlohmann::json::exception& error) {
            throw SimulatedChipSlotError("virtual chip control socket " + socket_.string() +
                                         " answered no JSON: " + error.what());
        }
    }

    std::filesystem::path socket_;
};

} // namespace

std::unique_ptr<SimulatedChipSlot> make_in_process_chip_slot(sim::EmulatedReaderBus& bus,
                                                             std::string reader,
                                                             std::filesystem::path card_dir)
{
    return std::make_unique<InProcessChipSlot>(bus, std::move(reader), card_dir);
}

std::unique_ptr<SimulatedChipSlot> make_controlled_chip_slot(std::filesystem::path control_socket)
{
    return std::make_unique<ControlledChipSlot>(std::move(control_socket));
}

} // namespace ktpel::sim
