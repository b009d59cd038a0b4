// SPDX-License-Identifier: Apache-2.0
// The gateway's one SUB connection to the daemon's events socket; every
// event goes to the session registry, which routes it to the tabs.
#pragma once

#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <zmq.hpp>

#include "session_registry.hpp"
#include "zmq_watcher.hpp"

namespace ktpel::console {

class EventRelay
{
public:
    EventRelay(boost::asio::io_context& io, zmq::context_t& context, const std::string& endpoint,
               SessionRegistry& sessions);
    ~EventRelay();
    EventRelay(const EventRelay&) = delete;
    EventRelay& operator=(const EventRelay&) = delete;

private:
    void receive(Frames frames);

    SessionRegistry& sessions_;
    std::shared_ptr<ZmqWatcher> watcher_;
};

} // namespace ktpel::console
