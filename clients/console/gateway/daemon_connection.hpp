// SPDX-License-Identifier: Apache-2.0
// One DEALER connection to the daemon's api socket, owned by one browser
// session. The daemon binds a token to the connection that logged in, so
// each session needs its own: sessions never share a DEALER or a token.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <zmq.hpp>

#include <ktpel/message.hpp>

#include "zmq_watcher.hpp"

namespace ktpel::console {

class DaemonConnection
{
public:
    using OnReply = std::function<void(Reply)>;

    DaemonConnection(boost::asio::io_context& io, zmq::context_t& context,
                     const std::string& api_endpoint, OnReply on_reply);
    ~DaemonConnection();
    DaemonConnection(const DaemonConnection&) = delete;
    DaemonConnection& operator=(const DaemonConnection&) = delete;

    // Queues a request; the token is added here when one is set. False
    // when libzmq would block (the daemon is not reading).
    bool send(const std::string& id, const std::string& op, const nlohmann::json& args);

    void set_token(std::string token) { token_ = std::move(token); }
    bool has_token() const noexcept { return token_.has_value(); }

    // Replaces the reply callback (the login's becomes the session's).
    void on_reply(OnReply on_reply) { on_reply_ = std::move(on_reply); }

    // DEALERs open in this process, for the log line of each session change.
    static std::size_t alive();

private:
    void receive(Frames frames);

    std::shared_ptr<ZmqWatcher> watcher_;
    std::optional<std::string> token_;
    OnReply on_reply_;
};

} // namespace ktpel::console
