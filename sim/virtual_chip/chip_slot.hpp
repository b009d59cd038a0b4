// SPDX-License-Identifier: Apache-2.0
// The encoder's card slot as the virtual chip emulator steers it: which
// card (if any) is inserted, blank cards made on demand, and a card
// "pulled" after N more write APDUs. The control socket drives it from one
// thread while the vpcd link (or a test reader) sends APDUs from another.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <stop_token>
#include <vector>

#include <nlohmann/json.hpp>

#include "card_store.hpp"
#include "ktpel_chip.hpp"

namespace ktpel::sim::virtual_chip {

class NoCardError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

class ChipSlot
{
public:
    // `issuer_key` is the card factory's: blank cards get their card key
    // diversified from it. The chips themselves never hold it.
    ChipSlot(CardStore& store, sm::SecretBytes issuer_key);

    // A new blank card with a random UID, saved and inserted (any card in
    // the slot is removed first).
    chip::CardUid insert_blank();
    // Reinserts a stored card. Throws CardStoreError for an unknown UID.
    void insert(const chip::CardUid& uid);
    void remove();
    // The inserted card leaves after `count` (>= 1) more write APDUs
    // (UPDATE BINARY, ERASE BINARY, LOCK, ACTIVATION): the last one is
    // carried out and saved, but its answer never reaches the host. Throws
    // NoCardError when the slot is empty, std::invalid_argument for 0.
    void pull_after_writes(unsigned count);
    // Every answer comes `delay` later (a weak coupling), so that a test
    // can act in the middle of a personalisation. Zero at first.
    void set_exchange_delay(std::chrono::milliseconds delay);

    nlohmann::json status() const;
    bool present() const;
    // Bumped by every insertion and removal (a pull included).
    std::uint64_t generation() const;
    // Blocks until generation() differs from `seen` or `stop` is
    // requested; returns the generation then.
    std::uint64_t wait_for_change(std::uint64_t seen, std::stop_token stop) const;

    // The card side. Each throws NoCardError when the slot is empty.
    std::vector<std::uint8_t> atr() const;
    void power_on();
    void power_off();
    void reset();
    // The card's answer; nullopt when the card was pulled while answering.
    std::optional<std::vector<std::uint8_t>> transmit(std::span<const std::uint8_t> command);

private:
    void insert_locked(ChipState state);
    void remove_locked();
    KtpelChip& card_locked() const;

    CardStore& store_;
    sm::SecretBytes issuer_key_;
    mutable std::mutex mutex_;
    mutable std::condition_variable_any changed_;
    std::unique_ptr<KtpelChip> card_;
    std::optional<unsigned> writes_before_pull_;
    std::atomic<std::chrono::milliseconds> exchange_delay_{std::chrono::milliseconds{0}};
    std::uint64_t generation_ = 0;
};

} // namespace ktpel::sim::virtual_chip
