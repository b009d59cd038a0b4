// SPDX-License-Identifier: Apache-2.0
// Where a client finds the daemon's sockets (docs/protocol.md, "Transport").
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace ktpel {

struct Endpoints
{
    std::string api;    // ROUTER: requests and replies
    std::string events; // PUB: events

    // ipc://<dir>/api.sock and ipc://<dir>/events.sock, the names the daemon binds.
    static Endpoints from_runtime_dir(const std::filesystem::path& runtime_dir);

    // The endpoints of default_runtime_dir().
    static Endpoints defaults();
};

// $KTPEL_RUNTIME_DIR when set and not empty, else /run/ktpeld (systemd's
// RuntimeDirectory=ktpeld).
std::filesystem::path default_runtime_dir();

// The socket file behind an ipc:// endpoint, or nullopt for other
// transports. Lets a client tell "no daemon here" from "daemon silent".
std::optional<std::filesystem::path> ipc_socket_path(std::string_view endpoint);

} // namespace ktpel
