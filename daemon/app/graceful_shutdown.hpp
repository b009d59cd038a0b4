// SPDX-License-Identifier: Apache-2.0
// SIGTERM and SIGINT: stop taking requests, cancel what runs, give the last
// replies a few seconds, then stop the loop.
#pragma once

#include <chrono>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/api/api_server.hpp"
#include "daemon/devices/device_manager.hpp"

namespace ktpel::app {

class GracefulShutdown
{
public:
    // Arms the signal handlers. `api` and `devices` must outlive the loop.
    GracefulShutdown(boost::asio::io_context& io, daemon::ApiServer& api,
                     daemon::DeviceManager& devices, std::chrono::milliseconds grace);

private:
    void begin(int signal);
    // Polls for the last replies on a short timer rather than adding
    // completion hooks to every layer: it runs once, for seconds.
    void finish_when_idle();

    boost::asio::io_context& io_;
    daemon::ApiServer& api_;
    daemon::DeviceManager& devices_;
    std::chrono::milliseconds grace_;
    std::chrono::steady_clock::time_point deadline_{};
    boost::asio::signal_set signals_;
    boost::asio::steady_timer idle_check_;
};

} // namespace ktpel::app
