// SPDX-License-Identifier: Apache-2.0
// One browser's HTTP connection: static pages, /api/session (login,
// whoami, logout) and the upgrade of /ws to a tab's WebSocket.
#pragma once

#include <memory>
#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "daemon_connection.hpp"

namespace ktpel::console {

class Gateway;

class HttpConnection : public std::enable_shared_from_this<HttpConnection>
{
public:
    using Request = boost::beast::http::request<boost::beast::http::string_body>;
    using Response = boost::beast::http::response<boost::beast::http::string_body>;

    HttpConnection(boost::asio::ip::tcp::socket socket, Gateway& gateway);
    void start();

private:
    void read_next();
    void handle(Request request);
    void serve_file(const Request& request);
    void login(Request& request); // wipes the PIN from the request's body
    void on_login_reply(const Request& request, const Reply& reply);
    void whoami(const Request& request);
    void logout(const Request& request);
    void upgrade(Request request);
    void respond(Response response);
    Response json_response(const Request& request, boost::beast::http::status status,
                           const nlohmann::json& body);
    Response error_response(const Request& request, boost::beast::http::status status,
                            const std::string& code, const std::string& message,
                            nlohmann::json details = nlohmann::json::object());

    boost::beast::tcp_stream stream_;
    Gateway& gateway_;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    std::unique_ptr<DaemonConnection> logging_in_; // the DEALER of a login in progress
};

} // namespace ktpel::console
