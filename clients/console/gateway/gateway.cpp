// SPDX-License-Identifier: Apache-2.0
#include "gateway.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "http_connection.hpp"

namespace ktpel::console {

namespace asio = boost::asio;
using asio::ip::tcp;

Gateway::Gateway(asio::io_context& io, zmq::context_t& zmq_context, GatewayOptions options)
    : io_(io), options_(std::move(options)), files_(options_.web_root), zmq_context_(zmq_context),
      sessions_(io, options_.release_after_no_tab), acceptor_(io)
{
    const tcp::endpoint endpoint(asio::ip::make_address(options_.listen_address), options_.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen();

    allowed_origins_ = options_.allowed_origins;
    if (allowed_origins_.empty()) {
        const auto port = std::to_string(this->port());
        const auto address = endpoint.address();
        const auto host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
        allowed_origins_.push_back("http://" + host + ":" + port);
        if (address.is_loopback())
            allowed_origins_.push_back("http://localhost:" + port);
    }
    events_ = std::make_unique<EventRelay>(io_, zmq_context_, options_.events_endpoint, sessions_);
    accept_next();
}

Gateway::~Gateway()
{
    events_.reset();
}

std::uint16_t Gateway::port() const
{
    return acceptor_.local_endpoint().port();
}

void Gateway::stop()
{
    boost::system::error_code ignored; // closing an acceptor that may already be closed
    acceptor_.close(ignored);
    sessions_.end_all(SessionEnd::shutdown);
}

bool Gateway::origin_allowed(std::string_view origin) const
{
    return std::find(allowed_origins_.begin(), allowed_origins_.end(), origin) !=
           allowed_origins_.end();
}

void Gateway::accept_next()
{
    acceptor_.async_accept([this](const boost::system::error_code& error, tcp::socket socket) {
        if (error == asio::error::operation_aborted)
            return;
        if (error) {
            log::warning("console: accept failed: " + error.message());
        } else {
            std::make_shared<HttpConnection>(std::move(socket), *this)->start();
        }
        accept_next();
    });
}

} // namespace ktpel::console
