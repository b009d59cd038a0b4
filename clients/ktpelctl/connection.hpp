// SPDX-License-Identifier: Apache-2.0
// The global options and the daemon connection every subcommand shares.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <zmq.hpp>

#include <ktpel/client.hpp>
#include <ktpel/event_subscriber.hpp>

namespace ktpelctl {

struct GlobalOptions
{
    std::string runtime_dir; // empty: ktpel::default_runtime_dir()
    std::string api;         // empty: <runtime_dir>/api.sock
    std::string events;      // empty: <runtime_dir>/events.sock
    bool json = false;
    double timeout_seconds = 10;
    // Log in as this officer before the command (default $KTPEL_OFFICER,
    // with the PIN from --pin or $KTPEL_PIN). Sessions are bound to the
    // connection, so each ktpelctl run logs in anew.
    std::string officer;
    std::string pin;
};

// Reads the options only when a command runs, i.e. after CLI11 has filled
// them in, and connects only what the command uses.
class Connection
{
public:
    explicit Connection(const GlobalOptions& options) : options_(options) {}

    ktpel::Endpoints endpoints() const;
    bool json_output() const { return options_.json; }
    // How long to wait for the daemon to answer (--timeout).
    std::chrono::milliseconds timeout() const;

    // Throws UnreachableError when the api socket file is missing or not ours.
    ktpel::Client& client();
    // Same for the events socket.
    ktpel::EventSubscriber subscribe(std::vector<std::string> topic_prefixes);

    // The result of `op`; throws ProtocolError with the daemon's error.
    nlohmann::json call_ok(std::string op, nlohmann::json args = nlohmann::json::object());

private:
    void login();

    const GlobalOptions& options_;
    std::shared_ptr<zmq::context_t> context_ = std::make_shared<zmq::context_t>(1);
    std::optional<ktpel::Client> client_;
};

// Throws UnreachableError unless an ipc endpoint's socket file exists and
// we may connect to it; other transports pass unchecked. ZeroMQ would
// just retry silently, turning "not running" into a vague timeout.
void require_socket(const std::string& endpoint);

} // namespace ktpelctl
