// SPDX-License-Identifier: Apache-2.0
// The `api` ROUTER socket on the event loop: receives requests, enforces
// the protocol limits, dispatches to the operation table and sends
// replies. The only code that knows how requests sit in ZeroMQ frames.
#pragma once

#include <map>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <zmq.hpp>

#include "../config/station_config.hpp"
#include "call.hpp"
#include "operation_table.hpp"

namespace ktpel::daemon {

// Resolves a token presented by a client to its officer (or null).
using Authenticator =
    std::function<const auth::Officer*(const std::string& token, const std::string& client)>;

class ApiServer
{
public:
    ApiServer(boost::asio::io_context& io, zmq::context_t& context, const std::string& endpoint,
              const config::Limits& limits, const OperationTable& operations);

    // Without one, every token is unknown: only open operations work.
    void set_authenticator(Authenticator authenticator)
    {
        authenticate_ = std::move(authenticator);
    }
    ~ApiServer();

    void start();
    // From now on new requests get `shutting_down`; calls in flight finish.
    void stop_accepting() { accepting_ = false; }
    void close();

    std::size_t in_flight() const noexcept { return in_flight_.size(); }
    // Cancels a client's own request. False if it is not in flight.
    bool cancel(const std::string& client, const std::string& request_id);
    void cancel_all();

private:
    struct Envelope
    {
        std::string client;     // ROUTER routing id
        bool delimiter = false; // REQ/DEALER empty frame to echo back
    };

    void arm();
    void drain();
    void schedule_drain();
    void receive_one();
    void dispatch(const Envelope& envelope, std::vector<zmq::message_t> body,
                  std::size_t frame_count, std::size_t total_bytes);
    void send(const Envelope& envelope, const Reply& reply);

    boost::asio::io_context& io_;
    zmq::socket_t socket_;
    boost::asio::posix::stream_descriptor watcher_;
    const config::Limits limits_;
    const OperationTable& operations_;
    Authenticator authenticate_;
    // Calls outlive nothing they should not: a reply posted after close()
    // finds this expired and is dropped.
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    std::map<std::pair<std::string, std::string>, std::weak_ptr<Call>> in_flight_;
    std::map<std::string, std::size_t> in_flight_per_client_;
    bool accepting_ = true;
    bool drain_scheduled_ = false;
};

} // namespace ktpel::daemon
