// SPDX-License-Identifier: Apache-2.0
#include "event_publisher.hpp"

#include <chrono>

#include "api_log.hpp"
#include "zmq_frames.hpp"

namespace ktpel::daemon {

EventPublisher::EventPublisher(zmq::context_t& context, const std::string& endpoint)
    : socket_(context, zmq::socket_type::pub)
{
    socket_.set(zmq::sockopt::linger, 0); // events are not worth delaying shutdown for
    socket_.set(zmq::sockopt::sndhwm, 10000);
    socket_.bind(endpoint);
}

void EventPublisher::publish(const std::string& topic, nlohmann::json data, std::vector<Blob> blobs)
{
    Event event;
    event.topic = topic;
    event.seq = ++sequences_[topic];
    event.time =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    event.data = std::move(data);
    if (!socket_)
        return;
    try {
        // PUB never blocks: a slow subscriber loses events (and sees a seq gap).
        const auto more = zmq::send_flags::sndmore | zmq::send_flags::dontwait;
        socket_.send(frame_of(topic), more);
        socket_.send(frame_of(encode_header(event.header())),
                     blobs.empty() ? zmq::send_flags::dontwait : more);
        for (std::size_t i = 0; i < blobs.size(); ++i)
            socket_.send(frame_of(blobs[i]),
                         i + 1 == blobs.size() ? zmq::send_flags::dontwait : more);
    } catch (const zmq::error_t& e) {
        log_api().warning(std::string("could not publish ") + topic + ": " + e.what());
    }
}

nlohmann::json EventPublisher::sequences() const
{
    auto object = nlohmann::json::object();
    for (const auto& [topic, seq] : sequences_)
        object[topic] = seq;
    return object;
}

void EventPublisher::close()
{
    socket_.close();
}

} // namespace ktpel::daemon
