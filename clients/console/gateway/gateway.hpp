// SPDX-License-Identifier: Apache-2.0
// The console gateway: one Asio loop serving the pages over HTTP, each
// browser session's DEALER, the tabs' WebSockets and the events SUB.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <zmq.hpp>

#include "event_relay.hpp"
#include "gateway_options.hpp"
#include "session_registry.hpp"
#include "static_files.hpp"

namespace ktpel::console {

class Gateway
{
public:
    // Binds the listening socket (throws boost::system::system_error) and
    // connects the events SUB; serving starts with the io_context.
    // `zmq_context` must outlive `io`: a DEALER that is logging out lives
    // in a pending handler until the loop is destroyed, and terminating a
    // context waits for its sockets to close.
    Gateway(boost::asio::io_context& io, zmq::context_t& zmq_context, GatewayOptions options);
    ~Gateway();
    Gateway(const Gateway&) = delete;
    Gateway& operator=(const Gateway&) = delete;

    std::uint16_t port() const;
    // Stops accepting and ends every session (logging each out).
    void stop();

    boost::asio::io_context& io() noexcept { return io_; }
    const GatewayOptions& options() const noexcept { return options_; }
    const StaticFiles& files() const noexcept { return files_; }
    SessionRegistry& sessions() noexcept { return sessions_; }
    zmq::context_t& zmq_context() noexcept { return zmq_context_; }
    bool origin_allowed(std::string_view origin) const;
    const std::vector<std::string>& allowed_origins() const noexcept { return allowed_origins_; }

private:
    void accept_next();

    boost::asio::io_context& io_;
    GatewayOptions options_;
    StaticFiles files_;
    zmq::context_t& zmq_context_;
    SessionRegistry sessions_;
    std::unique_ptr<EventRelay> events_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::vector<std::string> allowed_origins_;
};

} // namespace ktpel::console
