// SPDX-License-Identifier: Apache-2.0
// Where the simulated printer's card meets a virtual KTP-el chip: while
// the emulated printer holds a card at its encoding station, that card's
// chip sits in the encoder's reader. A blank gets a new chip the first
// time it reaches the station and the same chip on every later visit.
//
// Two ways to reach the chip: in process (the emulated reader bus holds
// it), or, with a real pcscd, the ktpel-virtual-chip program's control
// socket (the chip is then a vpcd card that pcscd sees).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace ktpel::sim {
class EmulatedReaderBus;
}

namespace ktpel::sim {

class SimulatedChipSlotError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

class SimulatedChipSlot
{
public:
    virtual ~SimulatedChipSlot() = default;

    // The printer's encoder observer: card `number` arrived, or (nullopt)
    // the card left. Never throws: a chip that cannot be inserted shows up
    // as no card in the reader, which the issuance job reports.
    void card_moved(std::optional<std::uint64_t> number);

    // A card issued earlier, held to the reader by hand (activation).
    // Throws SimulatedChipSlotError for an unknown UID.
    void present(const std::string& uid);

    // The card leaves after `writes` more write APDUs (a card pulled
    // mid-encode): the card in the slot, or else the next one to arrive.
    void pull_after_writes(unsigned writes);
    // The next card the printer brings stays out of the reader's field (a
    // blank that missed the coupler): an issuance job waits for it until
    // its card-arrival limit or a cancel.
    void withhold_next_card();
    // Every exchange with the chip takes `delay` longer (a weak coupling),
    // so that a test can act in the middle of an encoding. Throws
    // SimulatedChipSlotError.
    virtual void set_exchange_delay(std::chrono::milliseconds delay) = 0;
    virtual nlohmann::json status() = 0;

protected:
    // Each returns or throws SimulatedChipSlotError.
    virtual std::string insert_blank() = 0; // the new chip's UID (hex)
    virtual void insert(const std::string& uid) = 0;
    virtual void remove() = 0;
    // Throws SimulatedChipSlotError, also when the slot is empty.
    virtual void pull_card_after(unsigned writes) = 0;

private:
    void arm_pending_pull();

    std::mutex mutex_;
    std::optional<unsigned> pending_pull_;
    bool withhold_next_ = false;
    std::map<std::uint64_t, std::string> chip_of_card_;
};

// The chip in process, in `reader` of the emulated bus; its card files in
// `card_dir` (so a card issued before a daemon restart still activates).
std::unique_ptr<SimulatedChipSlot> make_in_process_chip_slot(sim::EmulatedReaderBus& bus,
                                                             std::string reader,
                                                             std::filesystem::path card_dir);

// The ktpel-virtual-chip program at `control_socket`.
std::unique_ptr<SimulatedChipSlot> make_controlled_chip_slot(std::filesystem::path control_socket);

} // namespace ktpel::sim
