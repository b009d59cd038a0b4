// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>

#include <zmq.hpp>

#include <ktpel/message.hpp>

#include "../devices/event_sink.hpp"

namespace ktpel::daemon {

// The `events` PUB socket: [topic][header][blobs...], with a sequence
// number per topic so clients can detect gaps and line up a snapshot.
class EventPublisher final : public EventSink
{
public:
    EventPublisher(zmq::context_t& context, const std::string& endpoint);

    void publish(const std::string& topic, nlohmann::json data,
                 std::vector<Blob> blobs = {}) override;
    nlohmann::json sequences() const;
    void close();

private:
    zmq::socket_t socket_;
    std::map<std::string, std::uint64_t> sequences_;
};

} // namespace ktpel::daemon
