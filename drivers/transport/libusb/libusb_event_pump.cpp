// SPDX-License-Identifier: Apache-2.0
#include "libusb_event_pump.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>

#include <boost/asio/post.hpp>
#include <poll.h>

#include "libusb_errors.hpp"

namespace ktpel::usb::libusb {

namespace asio = boost::asio;
using WaitType = asio::posix::descriptor_base::wait_type;

namespace {

// For fds the reactor cannot wait on (see cannot_wait_on): both are regular
// files underneath, which poll() reports always ready, so libusb merely
// needs to look at them now and then.
constexpr std::chrono::milliseconds kUnwaitablePollInterval{5};

// Two kinds of fd: regular files, which epoll refuses; and umockdev's
// emulated /dev/bus/usb nodes, whose ioctl emulation refuses the FIONBIO
// asio issues before waiting (the kernel answers FIONBIO for any real fd).
bool cannot_wait_on(const boost::system::error_code& error)
{
    return error == asio::error::operation_not_supported ||
           error == boost::system::error_code(ENOTTY, boost::system::system_category());
}

struct PollfdsDeleter
{
    void operator()(const libusb_pollfd** fds) const noexcept { libusb_free_pollfds(fds); }
};

} // namespace

struct EventPump::Watch
{
    Watch(asio::io_context& io, int fd) : descriptor(io, fd), poll_timer(io) {}

    // The fd belongs to libusb, which closes it after telling us to stop.
    void stop() noexcept
    {
        active = false;
        poll_timer.cancel();
        descriptor.release();
    }

    asio::posix::stream_descriptor descriptor;
    asio::steady_timer poll_timer;
    bool active = true;
    bool polled = false;
};

std::shared_ptr<EventPump> EventPump::start(asio::io_context& io, libusb_context* context)
{
    auto pump = std::make_shared<EventPump>(Token{}, io, context);
    pump->watch_initial_fds();
    return pump;
}

EventPump::EventPump(Token, asio::io_context& io, libusb_context* context)
    : io_(io), context_(context), deadline_timer_(io)
{
}

EventPump::~EventPump()
{
    libusb_set_pollfd_notifiers(context_, nullptr, nullptr, nullptr);
    for (auto& [fd, watch] : watches_)
        watch->stop();
}

void EventPump::watch_initial_fds()
{
    // Notifiers first: an fd libusb adds in between is then both listed and
    // queued, and watch() tolerates seeing it twice.
    libusb_set_pollfd_notifiers(context_, &on_pollfd_added, &on_pollfd_removed, this);
    const std::unique_ptr<const libusb_pollfd*, PollfdsDeleter> fds(libusb_get_pollfds(context_));
    if (!fds)
        throw TransferError(TransferErrorKind::io, "libusb cannot expose its file descriptors");
    for (const libusb_pollfd* const* fd = fds.get(); *fd != nullptr; ++fd)
        watch((*fd)->fd, (*fd)->events);
    arm_deadline_timer();
}

void EventPump::deadline_added()
{
    if (libusb_pollfds_handle_timeouts(context_))
        return;
    asio::post(io_, [weak = weak_from_this()] {
        if (const auto pump = weak.lock())
            pump->arm_deadline_timer();
    });
}

// C callbacks: an exception must not unwind through libusb, and there is no
// caller to hand it to, so noexcept turns one into std::terminate.
void EventPump::on_pollfd_added(int fd, short events, void* pump) noexcept
{
    static_cast<EventPump*>(pump)->queue_change({fd, events, true});
}

void EventPump::on_pollfd_removed(int fd, void* pump) noexcept
{
    static_cast<EventPump*>(pump)->queue_change({fd, 0, false});
}

void EventPump::queue_change(Change change)
{
    {
        std::lock_guard lock(changes_mutex_);
        changes_.push_back(change);
    }
    asio::post(io_, [weak = weak_from_this()] {
        if (const auto pump = weak.lock())
            pump->apply_changes();
    });
}

void EventPump::apply_changes()
{
    // Held throughout: libusb calls the removal notifier before it closes
    // the fd, so no fd in this batch can be closed (and its number reused)
    // while we register it.
    std::lock_guard lock(changes_mutex_);
    for (auto change = changes_.begin(); change != changes_.end(); ++change) {
        if (!change->added) {
            unwatch(change->fd);
            continue;
        }
        // Added and removed again before the loop got here: the fd may
        // already be closed, or reused by someone else.
        const bool removed_later =
            std::any_of(std::next(change), changes_.end(), [&](const Change& later) {
                return later.fd == change->fd && !later.added;
            });
        if (!removed_later)
            watch(change->fd, change->events);
    }
    changes_.clear();
}

void EventPump::watch(int fd, short events)
{
    unwatch(fd);
    auto watch = std::make_shared<Watch>(io_, fd);
    watches_.emplace(fd, watch);
    if (events & POLLIN)
        await_readiness(watch, WaitType::wait_read);
    if (events & POLLOUT)
        await_readiness(watch, WaitType::wait_write);
}

void EventPump::unwatch(int fd)
{
    const auto it = watches_.find(fd);
    if (it == watches_.end())
        return;
    it->second->stop();
    watches_.erase(it);
}

void EventPump::await_readiness(const std::shared_ptr<Watch>& watch, WaitType direction)
{
    watch->descriptor.async_wait(direction, [weak = weak_from_this(), watch,
                                             direction](const boost::system::error_code& error) {
        const auto pump = weak.lock();
        if (!pump || !watch->active || error == asio::error::operation_aborted)
            return;
        if (cannot_wait_on(error)) {
            pump->poll_periodically(watch);
            return;
        }
        if (error)
            throw TransferError(TransferErrorKind::io,
                                "waiting on a libusb fd: " + error.message());
        // Re-arm before handling: asio registers fds edge-triggered, so
        // readiness that arrives while libusb works must find a waiting
        // operation or it is never reported.
        pump->await_readiness(watch, direction);
        pump->handle_events();
    });
}

void EventPump::poll_periodically(const std::shared_ptr<Watch>& watch)
{
    if (watch->polled) // both directions of one fd end up here
        return;
    watch->polled = true;
    schedule_poll(watch);
}

void EventPump::schedule_poll(const std::shared_ptr<Watch>& watch)
{
    watch->poll_timer.expires_after(kUnwaitablePollInterval);
    watch->poll_timer.async_wait(
        [weak = weak_from_this(), watch](const boost::system::error_code& error) {
            const auto pump = weak.lock();
            if (!pump || !watch->active || error)
                return;
            pump->schedule_poll(watch);
            pump->handle_events();
        });
}

void EventPump::handle_events()
{
    // Zero timeout: the loop already knows something is ready, and it must
    // never block inside libusb.
    timeval zero{};
    const int result = libusb_handle_events_timeout_completed(context_, &zero, nullptr);
    // INTERRUPTED only means libusb_interrupt_event_handler was called.
    if (result < 0 && result != LIBUSB_ERROR_INTERRUPTED)
        throw_error(result, "handling libusb events");
    arm_deadline_timer();
}

void EventPump::arm_deadline_timer()
{
    // With a timer fd (Linux), deadlines arrive as readiness on that fd.
    if (libusb_pollfds_handle_timeouts(context_))
        return;
    timeval next{};
    const int pending = libusb_get_next_timeout(context_, &next);
    if (pending < 0)
        throw_error(pending, "asking libusb for its next deadline");
    if (pending == 0) {
        deadline_timer_.cancel();
        return;
    }
    deadline_timer_.expires_after(std::chrono::seconds(next.tv_sec) +
                                  std::chrono::microseconds(next.tv_usec));
    deadline_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& error) {
        const auto pump = weak.lock();
        if (pump && !error)
            pump->handle_events();
    });
}

} // namespace ktpel::usb::libusb
