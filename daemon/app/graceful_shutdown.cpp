// SPDX-License-Identifier: Apache-2.0
#include "graceful_shutdown.hpp"

#include <csignal>
#include <string>

#include <systemd/sd-daemon.h>

#include "common/log.hpp"

namespace ktpel::app {

GracefulShutdown::GracefulShutdown(boost::asio::io_context& io, daemon::ApiServer& api,
                                   daemon::DeviceManager& devices, std::chrono::milliseconds grace)
    : io_(io), api_(api), devices_(devices), grace_(grace), signals_(io, SIGINT, SIGTERM),
      idle_check_(io)
{
    signals_.async_wait([this](const boost::system::error_code& error, int signal) {
        if (!error)
            begin(signal);
    });
}

void GracefulShutdown::begin(int signal)
{
    log::notice(std::string("received ") + (signal == SIGTERM ? "SIGTERM" : "SIGINT") +
                ", stopping");
    sd_notify(0, "STOPPING=1");
    api_.stop_accepting();
    api_.cancel_all();
    devices_.cancel_all();
    deadline_ = std::chrono::steady_clock::now() + grace_;
    finish_when_idle();
}

void GracefulShutdown::finish_when_idle()
{
    if (api_.in_flight() == 0 && devices_.operations_in_flight() == 0) {
        io_.stop();
        return;
    }
    if (std::chrono::steady_clock::now() >= deadline_) {
        log::warning("shutdown: " + std::to_string(api_.in_flight()) +
                     " request(s) still in flight; leaving");
        io_.stop();
        return;
    }
    idle_check_.expires_after(std::chrono::milliseconds(20));
    idle_check_.async_wait([this](const boost::system::error_code& error) {
        if (!error)
            finish_when_idle();
    });
}

} // namespace ktpel::app
