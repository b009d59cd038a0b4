// SPDX-License-Identifier: Apache-2.0
// One browser tab: a WebSocket of a logged-in browser session. It reads
// the page's requests and writes replies and events through a bounded
// queue; a tab that stops reading is dropped, never waited for, so one
// slow tab cannot stall the others or make the gateway's memory grow.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "outgoing_frame.hpp"

namespace ktpel::console {

class BrowserSession;

struct TabLimits
{
    std::size_t queue_bytes;
    std::size_t queue_frames;
    std::size_t max_message_bytes;
};

class Tab : public std::enable_shared_from_this<Tab>
{
public:
    Tab(boost::beast::tcp_stream stream, std::shared_ptr<BrowserSession> session, TabLimits limits);

    // Completes the upgrade, then greets the page and starts reading.
    void accept(boost::beast::http::request<boost::beast::http::string_body> upgrade,
                nlohmann::json welcome);

    // Queues a whole message (header and blobs together), or drops the tab
    // when that would pass its queue's bounds.
    void send(std::vector<OutgoingFrame> frames);
    // Sends what is queued, then closes normally with `reason` (the session ended).
    void finish(std::string reason);

    int serial() const noexcept { return serial_; }
    void set_serial(int serial) noexcept { serial_ = serial; }

private:
    void read_next();
    void on_text(const std::string& text);
    void write_next();
    void drop(const std::string& reason);
    void close_with(boost::beast::websocket::close_code code, std::string reason);
    void gone();

    boost::beast::websocket::stream<boost::beast::tcp_stream> socket_;
    std::weak_ptr<BrowserSession> session_;
    TabLimits limits_;
    boost::beast::flat_buffer incoming_;
    std::deque<OutgoingFrame> queue_;
    std::size_t queued_bytes_ = 0;
    bool writing_ = false;
    bool closing_ = false; // no more frames are taken
    std::string finish_reason_;
    bool gone_ = false;
    int serial_ = 0;
};

} // namespace ktpel::console
