// SPDX-License-Identifier: Apache-2.0
// The reader side of vpcd's socket protocol, for testing VpcdLink without
// pcscd: listens on 127.0.0.1, accepts one card, sends it control codes
// and APDUs and reads its answers. Every wait is bounded (10 s) so a
// broken link fails the test instead of hanging it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/unique_fd.hpp"

namespace ktpel::test {

class FakeVpcd
{
public:
    // Port 0: the kernel picks one.
    explicit FakeVpcd(std::uint16_t port = 0);

    std::uint16_t port() const noexcept { return port_; }

    void accept_card();
    void send_frame(std::span<const std::uint8_t> payload);
    // Writes a frame in two pieces with a pause, as TCP may deliver it.
    void send_frame_split(std::span<const std::uint8_t> payload);
    void send_control(std::uint8_t code) { send_frame(std::span<const std::uint8_t>(&code, 1)); }
    // The card's next message; nullopt when the card closed the connection.
    std::optional<std::vector<std::uint8_t>> receive_frame();
    // True when the card closed its end (reads EOF) within the deadline.
    bool card_closed();
    void close_card() { card_.reset(); }

private:
    bool read_exact(std::uint8_t* data, std::size_t size);

    ktpel::UniqueFd card_;
    // Declared after card_, so it closes first: a card that reconnects at
    // once finds nothing listening, instead of the dying listener's backlog.
    ktpel::UniqueFd listener_;
    std::uint16_t port_ = 0;
};

// A port on 127.0.0.1 where nothing listens (bound once, then released).
std::uint16_t unused_port();

} // namespace ktpel::test
