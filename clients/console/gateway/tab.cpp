// SPDX-License-Identifier: Apache-2.0
#include "tab.hpp"

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/stream_base.hpp>

#include "browser_message.hpp"
#include "browser_session.hpp"
#include "common/log.hpp"

namespace ktpel::console {

namespace beast = boost::beast;
namespace websocket = beast::websocket;

Tab::Tab(beast::tcp_stream stream, std::shared_ptr<BrowserSession> session, TabLimits limits)
    : socket_(std::move(stream)), session_(session), limits_(limits)
{
}

void Tab::accept(beast::http::request<beast::http::string_body> upgrade, nlohmann::json welcome)
{
    // The HTTP stage's timeout must not cut the WebSocket; Beast's own
    // (idle pings, handshake and close deadlines) takes over.
    beast::get_lowest_layer(socket_).expires_never();
    socket_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    socket_.read_message_max(limits_.max_message_bytes);
    socket_.async_accept(upgrade, [self = shared_from_this(),
                                   welcome = std::move(welcome)](const beast::error_code& error) {
        if (error) {
            self->gone();
            return;
        }
        self->send(page_message(welcome));
        self->read_next();
    });
}

void Tab::send(std::vector<OutgoingFrame> frames)
{
    if (closing_ || gone_)
        return;
    std::size_t bytes = 0;
    for (const auto& frame : frames)
        bytes += frame.size();
    if (queued_bytes_ + bytes > limits_.queue_bytes ||
        queue_.size() + frames.size() > limits_.queue_frames) {
        drop("too_slow");
        return;
    }
    queued_bytes_ += bytes;
    for (auto& frame : frames)
        queue_.push_back(std::move(frame));
    write_next();
}

void Tab::finish(std::string reason)
{
    if (closing_ || gone_)
        return;
    closing_ = true;
    finish_reason_ = std::move(reason);
    if (!writing_ && queue_.empty())
        close_with(websocket::close_code::normal, finish_reason_);
}

void Tab::read_next()
{
    socket_.async_read(
        incoming_, [self = shared_from_this()](const beast::error_code& error, std::size_t) {
            if (error) {
                // message_too_big: Beast has already closed with 1009 (too big).
                if (error == websocket::error::message_too_big)
                    log::notice("console: a tab sent a message over the limit; closed");
                self->gone();
                return;
            }
            if (!self->socket_.got_text()) {
                self->incoming_.consume(self->incoming_.size());
                self->send(page_message({{"type", "reply"},
                                         {"id", ""},
                                         {"ok", false},
                                         {"error",
                                          {{"code", "bad_request"},
                                           {"message", "a page sends JSON text frames only"},
                                           {"details", {{"reason", "binary_refused"}}}}}}));
            } else {
                const auto text = beast::buffers_to_string(self->incoming_.data());
                self->incoming_.consume(self->incoming_.size());
                self->on_text(text);
            }
            if (!self->gone_)
                self->read_next();
        });
}

void Tab::on_text(const std::string& text)
{
    const auto session = session_.lock();
    if (!session)
        return;
    try {
        session->forward(serial_, parse_browser_message(text));
    } catch (const BrowserMessageError& refused) {
        send(page_message({{"type", "reply"},
                           {"id", refused.id()},
                           {"ok", false},
                           {"error",
                            {{"code", "bad_request"},
                             {"message", refused.what()},
                             {"details", {{"reason", refused.reason()}}}}}}));
    }
}

void Tab::write_next()
{
    if (writing_ || gone_)
        return;
    if (queue_.empty()) {
        if (closing_)
            close_with(websocket::close_code::normal, finish_reason_);
        return;
    }
    writing_ = true;
    socket_.text(!queue_.front().binary);
    socket_.async_write(queue_.front().buffer(),
                        [self = shared_from_this()](const beast::error_code& error, std::size_t) {
                            self->writing_ = false;
                            if (self->queue_.empty()) // dropped meanwhile
                                return;
                            self->queued_bytes_ -= self->queue_.front().size();
                            self->queue_.pop_front();
                            if (error) {
                                self->gone();
                                return;
                            }
                            self->write_next();
                        });
}

void Tab::drop(const std::string& reason)
{
    log::notice("console: tab " + std::to_string(serial_) + " dropped: " + reason + " (" +
                std::to_string(queued_bytes_) + " bytes unsent)");
    queue_.clear();
    queued_bytes_ = 0;
    closing_ = true;
    if (writing_) {
        // The page is not reading, so neither would it read a close frame:
        // cut the connection, which also ends the write in flight.
        beast::error_code ignored; // the socket is going away either way
        beast::get_lowest_layer(socket_).socket().shutdown(boost::asio::socket_base::shutdown_both,
                                                           ignored);
        beast::get_lowest_layer(socket_).close();
        gone();
        return;
    }
    close_with(websocket::close_code::policy_error, reason);
}

void Tab::close_with(websocket::close_code code, std::string reason)
{
    if (gone_)
        return;
    writing_ = true; // nothing more is written after the close frame
    socket_.async_close(websocket::close_reason(code, reason),
                        [self = shared_from_this()](const beast::error_code&) { self->gone(); });
}

void Tab::gone()
{
    if (gone_)
        return;
    gone_ = true;
    closing_ = true;
    if (const auto session = session_.lock())
        session->detach(serial_);
}

} // namespace ktpel::console
