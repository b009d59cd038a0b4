// SPDX-License-Identifier: Apache-2.0
#include "browser_client.hpp"

#include <algorithm>
#include <stdexcept>

#include <boost/asio/connect.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace ktpel::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {
tcp::endpoint local(unsigned short port)
{
    return {asio::ip::make_address("127.0.0.1"), port};
}

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}
} // namespace

HttpAnswer http_request(unsigned short port, const std::string& method, const std::string& target,
                        const std::string& body, const std::map<std::string, std::string>& headers)
{
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect(local(port));
    http::request<http::string_body> request{http::string_to_verb(method), target, 11};
    request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    for (const auto& [name, value] : headers)
        request.set(name, value);
    request.body() = body;
    request.keep_alive(false);
    request.prepare_payload();
    http::write(socket, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    HttpAnswer answer;
    answer.status = static_cast<int>(response.result_int());
    for (const auto& field : response)
        answer.headers[lower(std::string(field.name_string()))] = std::string(field.value());
    answer.body = response.body();
    return answer;
}

std::optional<std::string> log_in(unsigned short port, const std::string& officer,
                                  const std::string& pin, HttpAnswer* answer)
{
    auto reply = http_request(port, "POST", "/api/session",
                              nlohmann::json{{"officer", officer}, {"pin", pin}}.dump(),
                              {{"Content-Type", "application/json"}});
    if (answer)
        *answer = reply;
    const auto cookie = reply.headers.find("set-cookie");
    if (reply.status != 200 || cookie == reply.headers.end())
        return std::nullopt;
    return cookie->second.substr(0, cookie->second.find(';'));
}

Tab::Tab(unsigned short port, const std::string& cookie, const std::string& origin,
         int receive_buffer)
    : socket_(io_)
{
    auto& raw = socket_.next_layer();
    raw.open(tcp::v4());
    if (receive_buffer > 0)
        raw.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
    raw.connect(local(port));
    socket_.set_option(beast::websocket::stream_base::decorator(
        [cookie, origin](beast::websocket::request_type& request) {
            if (!cookie.empty())
                request.set(http::field::cookie, cookie);
            if (!origin.empty())
                request.set(http::field::origin, origin);
        }));
    socket_.handshake("127.0.0.1:" + std::to_string(port), "/ws");
}

int Tab::refused_status(unsigned short port, const std::string& cookie, const std::string& origin)
{
    // By hand: Boost 1.74's handshake() leaves the response empty when the
    // upgrade is declined, and the status is what the test looks at.
    std::map<std::string, std::string> headers = {
        {"Connection", "Upgrade"},
        {"Upgrade", "websocket"},
        {"Sec-WebSocket-Version", "13"},
        {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}};
    if (!cookie.empty())
        headers["Cookie"] = cookie;
    if (!origin.empty())
        headers["Origin"] = origin;
    const auto answer = http_request(port, "GET", "/ws", {}, headers);
    return answer.status == 101 ? 0 : answer.status;
}

void Tab::send_text(const std::string& text)
{
    socket_.text(true);
    socket_.write(asio::buffer(text));
}

void Tab::request(const std::string& id, const std::string& op, const nlohmann::json& args)
{
    send_text(nlohmann::json{{"id", id}, {"op", op}, {"args", args}}.dump());
}

std::optional<PageMessage> Tab::next(std::chrono::milliseconds timeout)
{
    if (closed_)
        return std::nullopt;
    // A blocking read with a deadline: run the io_context until the read
    // completes or the time is up (then the socket is cancelled).
    const auto read_one = [&]() -> std::optional<std::string> {
        std::optional<std::string> text;
        beast::error_code result = asio::error::would_block;
        socket_.async_read(buffer_,
                           [&](const beast::error_code& error, std::size_t) { result = error; });
        io_.restart();
        io_.run_for(timeout);
        if (result == asio::error::would_block) {
            socket_.next_layer().cancel();
            io_.restart();
            io_.run();
            closed_ = true; // a cancelled Beast read leaves the stream unusable
            return std::nullopt;
        }
        if (result) {
            closed_ = true;
            return std::nullopt;
        }
        text = beast::buffers_to_string(buffer_.data());
        buffer_.consume(buffer_.size());
        return text;
    };
    const auto first = read_one();
    if (!first)
        return std::nullopt;
    PageMessage message;
    message.header_was_text = socket_.got_text();
    message.header = nlohmann::json::parse(*first);
    const auto blobs = message.header.value("blobs", 0);
    for (int index = 0; index < blobs; ++index) {
        auto blob = read_one();
        if (!blob)
            return std::nullopt;
        message.blobs_were_binary = message.blobs_were_binary && socket_.got_binary();
        message.blobs.push_back(std::move(*blob));
    }
    return message;
}

PageMessage Tab::reply_to(const std::string& id, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            throw std::runtime_error("no reply to " + id);
        auto message = next(left);
        if (!message)
            throw std::runtime_error("the tab closed before the reply to " + id);
        if (message->header.value("type", "") == "reply" && message->header.value("id", "") == id)
            return *message;
    }
}

std::string Tab::close_reason() const
{
    return std::string(socket_.reason().reason.c_str());
}

void Tab::close()
{
    beast::error_code ignored; // the test is done with the tab either way
    socket_.close(beast::websocket::close_code::normal, ignored);
    closed_ = true;
}

} // namespace ktpel::test
