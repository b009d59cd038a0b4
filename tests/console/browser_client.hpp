// SPDX-License-Identifier: Apache-2.0
// What a browser does to ktpel-console, done by hand with Boost.Beast so
// that each test can also do what a well-behaved browser would not: omit
// the cookie, send a foreign Origin, send a token, stop reading.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <nlohmann/json.hpp>

namespace ktpel::test {

struct HttpAnswer
{
    int status = 0;
    std::map<std::string, std::string> headers; // lower-case names
    std::string body;
    nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

HttpAnswer http_request(unsigned short port, const std::string& method, const std::string& target,
                        const std::string& body = {},
                        const std::map<std::string, std::string>& headers = {});

// POST /api/session; the cookie pair ("ktpel_console=...") or nullopt.
std::optional<std::string> log_in(unsigned short port, const std::string& officer,
                                  const std::string& pin, HttpAnswer* answer = nullptr);

// A page's message: its JSON header and the binary frames that followed it.
struct PageMessage
{
    nlohmann::json header;
    std::vector<std::string> blobs;
    bool header_was_text = false;
    bool blobs_were_binary = true; // every blob came as a binary WebSocket frame
};

class Tab
{
public:
    // Upgrades /ws; `receive_buffer` > 0 shrinks the socket's receive buffer
    // first (a tab that will not read fills up sooner).
    Tab(unsigned short port, const std::string& cookie, const std::string& origin,
        int receive_buffer = 0);
    // The HTTP status of a refused upgrade (0 when it was accepted).
    static int refused_status(unsigned short port, const std::string& cookie,
                              const std::string& origin);

    void send_text(const std::string& text);
    void request(const std::string& id, const std::string& op,
                 const nlohmann::json& args = nlohmann::json::object());
    // The next message (header and its blobs); nullopt at close or timeout.
    std::optional<PageMessage> next(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // The reply to `id`, skipping events; throws on close or timeout.
    PageMessage reply_to(const std::string& id,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // The close reason once the gateway closed the WebSocket ("" if it just cut it).
    std::string close_reason() const;
    bool closed() const noexcept { return closed_; }
    void close();

private:
    boost::asio::io_context io_;
    boost::beast::websocket::stream<boost::asio::ip::tcp::socket> socket_;
    boost::beast::flat_buffer buffer_;
    bool closed_ = false;
};

} // namespace ktpel::test
