// SPDX-License-Identifier: Apache-2.0
#include "connection.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/unique_fd.hpp"
#include "errors.hpp"

namespace ktpelctl {

ktpel::Endpoints Connection::endpoints() const
{
    const std::filesystem::path runtime_dir = options_.runtime_dir.empty()
                                                  ? ktpel::default_runtime_dir()
                                                  : std::filesystem::path(options_.runtime_dir);
    auto endpoints = ktpel::Endpoints::from_runtime_dir(runtime_dir);
    if (!options_.api.empty())
        endpoints.api = options_.api;
    if (!options_.events.empty())
        endpoints.events = options_.events;
    return endpoints;
}

std::chrono::milliseconds Connection::timeout() const
{
    const auto ms = std::llround(options_.timeout_seconds * 1000.0);
    return std::chrono::milliseconds(std::max<long long>(ms, 1));
}

ktpel::Client& Connection::client()
{
    if (!client_) {
        const auto endpoint = endpoints().api;
        require_socket(endpoint);
        client_.emplace(endpoint, context_);
        login();
    }
    return *client_;
}

ktpel::EventSubscriber Connection::subscribe(std::vector<std::string> topic_prefixes)
{
    const auto endpoint = endpoints().events;
    require_socket(endpoint);
    return ktpel::EventSubscriber(endpoint, std::move(topic_prefixes), context_);
}

void Connection::login()
{
    std::string officer = options_.officer;
    std::string pin = options_.pin;
    if (officer.empty())
        if (const char* from_env = std::getenv("KTPEL_OFFICER"))
            officer = from_env;
    if (pin.empty())
        if (const char* from_env = std::getenv("KTPEL_PIN"))
            pin = from_env;
    if (officer.empty())
        return; // open operations only
    const auto session =
        client_->call_ok("session.login", {{"officer", officer}, {"pin", pin}}, {}, timeout());
    client_->set_token(session.at("token").get<std::string>());
}

nlohmann::json Connection::call_ok(std::string op, nlohmann::json args)
{
    return client().call_ok(std::move(op), std::move(args), {}, timeout());
}

void require_socket(const std::string& endpoint)
{
    const auto socket = ktpel::ipc_socket_path(endpoint);
    if (!socket)
        return;
    std::error_code error;
    const auto status = std::filesystem::status(*socket, error);
    if (!std::filesystem::exists(status)) {
        throw UnreachableError("no daemon socket at " + socket->string() +
                               ": is ktpeld running? (--runtime-dir selects another one)");
    }
    if (!std::filesystem::is_socket(status))
        throw UnreachableError(socket->string() + " is not a socket");

    // A plain connect(2) tells a stale file (daemon died) and a missing
    // group membership apart, where ZeroMQ would just retry in silence.
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (socket->native().size() >= sizeof address.sun_path)
        return; // too long for a probe; let ZeroMQ report it
    std::strncpy(address.sun_path, socket->c_str(), sizeof address.sun_path - 1);
    const ktpel::UniqueFd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (probe.get() < 0)
        return;
    if (::connect(probe.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0)
        return;
    const int cause = errno;
    if (cause == ECONNREFUSED) {
        throw UnreachableError("nothing listens on " + socket->string() +
                               ": ktpeld is not running (the socket file is left over)");
    }
    if (cause == EACCES || cause == EPERM) {
        throw UnreachableError("cannot use " + socket->string() + ": " + std::strerror(cause) +
                               " (only members of the daemon's group may connect)");
    }
    throw UnreachableError("cannot connect to " + socket->string() + ": " + std::strerror(cause));
}

} // namespace ktpelctl
