// SPDX-License-Identifier: Apache-2.0
// What the console gateway is told on its command line (docs/console.md).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ktpel::console {

struct GatewayOptions
{
    std::string listen_address = "127.0.0.1";
    std::uint16_t port = 8080; // 0: the kernel picks one (tests); the chosen one is logged
    std::filesystem::path web_root;
    std::string api_endpoint;
    std::string events_endpoint;
    // Origins a WebSocket upgrade may come from. Empty: the console's own,
    // http://<listen_address>:<port> (and http://localhost:<port> on loopback).
    std::vector<std::string> allowed_origins;
    // A session with no open tab for this long logs out and closes its DEALER.
    std::chrono::seconds release_after_no_tab{120};
    // A tab whose unsent frames exceed either bound is too slow: it is dropped.
    std::size_t tab_queue_bytes = 8 * 1024 * 1024;
    std::size_t tab_queue_frames = 1024;
    // The largest WebSocket message a browser may send, and HTTP body.
    std::size_t max_browser_message_bytes = 64 * 1024;
    std::chrono::milliseconds login_timeout{15'000};
};

} // namespace ktpel::console
