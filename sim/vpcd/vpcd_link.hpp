// SPDX-License-Identifier: Apache-2.0
// A virtual card's connection to vpcd. The card is in the reader while the
// link is connected: pcscd sees it on its next presence poll (pcscd polls
// vpcd about every 400 ms) and sees it removed on the first poll after the
// link closes.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include "virtual_card.hpp"

namespace ktpel::sim::vpcd {

class VpcdLink
{
public:
    // Why serve() returned. vpcd closing the connection is an ordinary end
    // (pcscd stopped or restarted), so it is a value, not an exception.
    enum class ServeEnd
    {
        stop_requested, // the link stays connected; serve() may be called again
        vpcd_closed,    // vpcd (pcscd) closed the connection; the link is closed
        closed,         // close() was called (or had been); the link is closed
    };

    // Connects to vpcd at host:port (vpcd listens on IPv4 only: use
    // "127.0.0.1" or a name that resolves to it). Throws VpcdNotListening
    // (a VpcdError) if nothing listens there, VpcdError for other
    // failures. The TCP connection succeeds as soon as vpcd listens, even
    // before pcscd accepts it: pcscd accepts on its next poll.
    VpcdLink(const std::string& host, std::uint16_t port);
    ~VpcdLink();
    // Moving a link while another thread is in serve() is undefined.
    VpcdLink(VpcdLink&&) noexcept;
    VpcdLink& operator=(VpcdLink&&) noexcept;
    VpcdLink(const VpcdLink&) = delete;
    VpcdLink& operator=(const VpcdLink&) = delete;

    // Answers vpcd's requests with `card` on the calling thread until stop
    // is requested, vpcd closes the connection or close() is called.
    // Throws VpcdError for a protocol violation by either side (unknown
    // control code, an ATR or response of a size vpcd cannot take) and
    // rethrows what the card throws; in both cases the link is closed
    // first, so pcscd sees the card removed instead of waiting for an
    // answer forever.
    ServeEnd serve(VirtualCard& card, std::stop_token stop);

    // Removes the card: shuts the connection down. Safe to call from
    // another thread while serve() runs (serve then returns `closed`), and
    // more than once. The descriptor itself is released by the destructor.
    void close() noexcept;

    bool connected() const noexcept;
    const std::string& endpoint() const noexcept; // "host:port", for messages

private:
    struct Connection;
    std::unique_ptr<Connection> connection_;
};

// Connects as soon as vpcd listens on host:port, trying every
// `retry_interval` (pcscd creates vpcd's listening socket while it starts,
// and again after a restart). Returns nullopt if stop is requested first.
std::optional<VpcdLink>
connect_when_listening(const std::string& host, std::uint16_t port, std::stop_token stop,
                       std::chrono::milliseconds retry_interval = std::chrono::milliseconds(50));

} // namespace ktpel::sim::vpcd
