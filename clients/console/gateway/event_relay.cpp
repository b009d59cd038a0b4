// SPDX-License-Identifier: Apache-2.0
#include "event_relay.hpp"

#include <ktpel/error.hpp>

#include "common/log.hpp"

namespace ktpel::console {

EventRelay::EventRelay(boost::asio::io_context& io, zmq::context_t& context,
                       const std::string& endpoint, SessionRegistry& sessions)
    : sessions_(sessions)
{
    zmq::socket_t socket(context, zmq::socket_type::sub);
    socket.set(zmq::sockopt::linger, 0);
    socket.set(zmq::sockopt::subscribe, "");
    socket.connect(endpoint);
    watcher_ = std::make_shared<ZmqWatcher>(io, std::move(socket),
                                            [this](Frames frames) { receive(std::move(frames)); });
    watcher_->start();
}

EventRelay::~EventRelay()
{
    watcher_->close();
}

void EventRelay::receive(Frames frames)
{
    if (frames.size() < 2) {
        log::warning("console: an event without a header; dropped");
        return;
    }
    std::vector<Blob> blobs;
    for (std::size_t index = 2; index < frames.size(); ++index) {
        const auto* data = frames[index].data<std::uint8_t>();
        blobs.emplace_back(std::vector<std::uint8_t>(data, data + frames[index].size()));
    }
    try {
        const auto event =
            decode_event({frames[1].data<std::uint8_t>(), frames[1].size()}, std::move(blobs));
        sessions_.deliver_event(event);
    } catch (const ProtocolError& error) {
        log::warning(std::string("console: a malformed event from the daemon: ") + error.what());
    }
}

} // namespace ktpel::console
