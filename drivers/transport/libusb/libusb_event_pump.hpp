// SPDX-License-Identifier: Apache-2.0
// Drives libusb's event handling from the daemon's single asio loop instead
// of a libusb thread, so transfer and hotplug callbacks run on the loop
// thread like every other event in the daemon.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <libusb.h>

namespace ktpel::usb::libusb {

// Create and destroy it on the loop thread, or while the loop is not
// running: tearing down asio objects under a reactor running elsewhere is a
// race. The io_context and the libusb context must outlive the pump.
class EventPump : public std::enable_shared_from_this<EventPump>
{
    struct Token
    {
    };

public:
    static std::shared_ptr<EventPump> start(boost::asio::io_context& io, libusb_context* context);

    EventPump(Token, boost::asio::io_context& io, libusb_context* context);
    ~EventPump();
    EventPump(const EventPump&) = delete;
    EventPump& operator=(const EventPump&) = delete;

    // Call after submitting a transfer, from any thread: where libusb has no
    // timer fd, nothing else tells the loop about the transfer's deadline.
    void deadline_added();

private:
    struct Watch;
    struct Change
    {
        int fd;
        short events;
        bool added;
    };

    static void LIBUSB_CALL on_pollfd_added(int fd, short events, void* pump) noexcept;
    static void LIBUSB_CALL on_pollfd_removed(int fd, void* pump) noexcept;

    void watch_initial_fds();
    void queue_change(Change change);
    void apply_changes();
    void watch(int fd, short events);
    void unwatch(int fd);
    void await_readiness(const std::shared_ptr<Watch>& watch,
                         boost::asio::posix::descriptor_base::wait_type direction);
    void poll_periodically(const std::shared_ptr<Watch>& watch);
    void schedule_poll(const std::shared_ptr<Watch>& watch);
    void handle_events();
    void arm_deadline_timer();

    boost::asio::io_context& io_;
    libusb_context* context_;
    boost::asio::steady_timer deadline_timer_;
    std::map<int, std::shared_ptr<Watch>> watches_;

    // The notifiers fire on whichever thread opened or closed a device;
    // the loop applies the changes in the order libusb made them.
    std::mutex changes_mutex_;
    std::vector<Change> changes_;
};

} // namespace ktpel::usb::libusb
