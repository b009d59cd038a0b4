// SPDX-License-Identifier: Apache-2.0
// Request/reply client of the daemon's api socket (docs/protocol.md).
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <zmq.hpp>

#include <ktpel/client_error.hpp>
#include <ktpel/endpoints.hpp>
#include <ktpel/message.hpp>

namespace ktpel {

// One DEALER connection to the api socket. Blocking call() for the simple
// case; send() + receive() to pipeline. Both may be mixed: replies to
// outstanding send()s that arrive while call() waits are kept for receive().
//
// Not thread-safe (a ZeroMQ socket is not): use one Client per thread.
class Client
{
public:
    static constexpr std::chrono::milliseconds kDefaultTimeout{30'000};

    // Connects to Endpoints::defaults().api.
    Client();
    // `context` lets several clients and subscribers share I/O threads; a
    // private one is made when it is null.
    explicit Client(std::string api_endpoint, std::shared_ptr<zmq::context_t> context = nullptr);

    Client(Client&&) = default;
    Client& operator=(Client&&) = default;

    // Sends a request and waits for its reply. A reply with ok == false is
    // returned, not thrown: whether device_busy is a failure is the
    // caller's call. Throws ClientError (timeout, transport,
    // malformed_reply). After a timeout the late reply is never returned.
    Reply call(std::string op, nlohmann::json args = nlohmann::json::object(),
               std::vector<Blob> blobs = {}, std::chrono::milliseconds timeout = kDefaultTimeout);

    // call() for callers that want the result or an exception: throws
    // ProtocolError carrying the daemon's error when ok == false.
    nlohmann::json call_ok(std::string op, nlohmann::json args = nlohmann::json::object(),
                           std::vector<Blob> blobs = {},
                           std::chrono::milliseconds timeout = kDefaultTimeout);

    // Queues a request without waiting; returns its id, which the reply
    // (and any op.progress / op.done event) carries.
    std::string send(std::string op, nlohmann::json args = nlohmann::json::object(),
                     std::vector<Blob> blobs = {});

    // The next reply to a send(), in arrival order, or nullopt when none
    // came within `timeout` or none is outstanding. Replies to timed-out
    // call()s are dropped here.
    std::optional<Reply> receive(std::chrono::milliseconds timeout);

    // Forgets an outstanding send() whose reply the caller no longer wants.
    void abandon(const std::string& id);

    // Ids of send()s whose replies receive() has not yet returned.
    const std::set<std::string>& outstanding() const noexcept { return outstanding_; }

    // Session token put into every request header from now on (nullopt: none).
    void set_token(std::optional<std::string> token) { token_ = std::move(token); }

    const std::string& endpoint() const noexcept { return endpoint_; }

private:
    std::string next_id() const;
    void connect();
    void send_request(const std::string& id, std::string op, nlohmann::json args,
                      std::vector<Blob> blobs);
    // A decoded reply, or nullopt once `deadline` passes.
    std::optional<Reply> receive_reply(std::chrono::steady_clock::time_point deadline);
    void keep_if_outstanding(Reply reply);
    void give_up_on_call();
    [[noreturn]] void throw_timeout(const std::string& op, const std::string& id,
                                    std::chrono::milliseconds timeout) const;

    std::string endpoint_;
    std::shared_ptr<zmq::context_t> context_;
    zmq::socket_t socket_;
    std::optional<std::string> token_;
    std::set<std::string> outstanding_;
    std::deque<Reply> arrived_; // replies to send()s that call() read first
    // A request whose reply we stopped waiting for may still answer on this
    // socket; until the socket is replaced, a reply without an id cannot be
    // attributed to the current call().
    bool may_hold_late_replies_ = false;
};

} // namespace ktpel
