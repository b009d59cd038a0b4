// SPDX-License-Identifier: Apache-2.0
// One vpcd reader slot seen from the card side: insert() puts a virtual
// card in (a thread connects it to vpcd and serves it), remove() pulls it
// out. The card stays in across a pcscd restart: when vpcd closes the
// connection, the slot reconnects as soon as vpcd listens again, as a card
// left in a reader is found again by the new pcscd.
#pragma once

#include <chrono>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "virtual_card.hpp"

namespace ktpel::sim::vpcd {

// insert(), remove() and the destructor belong to one controlling thread;
// the queries may be called from any thread.
class VpcdCardSlot
{
public:
    // pcscd polls vpcd about every 400 ms. A card removed and another
    // inserted between two polls looks to pcscd as if nothing happened
    // (and, after a failed exchange, can leave the slot stuck "empty"), so
    // an insert() within `reinsert_delay` of a remove() connects only once
    // that much time has passed, as a hand would take.
    static constexpr std::chrono::milliseconds default_reinsert_delay{1000};

    VpcdCardSlot(std::string host, std::uint16_t port,
                 std::chrono::milliseconds reinsert_delay = default_reinsert_delay);
    ~VpcdCardSlot(); // removes the card
    VpcdCardSlot(const VpcdCardSlot&) = delete;
    VpcdCardSlot& operator=(const VpcdCardSlot&) = delete;

    // Removes any card first. Returns at once: pcscd sees the card on its
    // next presence poll after the link connects (and after the reinsert
    // delay, if a card was removed just before). The card's methods run
    // on the slot's thread.
    void insert(std::shared_ptr<VirtualCard> card);
    // Returns once the link is closed; pcscd sees the card gone on its
    // next poll (at most about 400 ms later).
    void remove();

    // True from insert() until remove(), unless an error ended the insertion.
    bool holds_card() const;
    // Connections made to vpcd since the last insert(): 1 after the first,
    // at least 2 after a pcscd restart (a connection that lands in the
    // dying pcscd's backlog is reset and made again).
    int connections() const;
    // What ended the last insertion early (a card exception or a protocol
    // violation, see VpcdLink::serve), or null.
    std::exception_ptr last_error() const;

    std::uint16_t port() const noexcept { return port_; }

private:
    void run(std::shared_ptr<VirtualCard> card, std::chrono::steady_clock::time_point not_before,
             std::stop_token stop);

    std::string host_;
    std::uint16_t port_;
    std::chrono::milliseconds reinsert_delay_;
    std::optional<std::chrono::steady_clock::time_point> removed_at_;
    mutable std::mutex mutex_;
    bool holds_card_ = false;
    int connections_ = 0;
    std::exception_ptr last_error_;
    std::jthread worker_;
};

} // namespace ktpel::sim::vpcd
