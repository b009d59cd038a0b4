// SPDX-License-Identifier: Apache-2.0
#include "reader_monitor.hpp"

#include <algorithm>
#include <exception>

#include "pcsc_error.hpp"

namespace ktpel::smartcard::pcsc {

namespace {

// pcsc-lite's pseudo-reader whose state changes when readers come or go.
constexpr char pnp_notification_reader[] = "\\\\?PnP?\\Notification";

} // namespace

std::string to_string(ReaderEvent::Kind kind)
{
    switch (kind) {
    case ReaderEvent::Kind::reader_added:
        return "reader_added";
    case ReaderEvent::Kind::reader_removed:
        return "reader_removed";
    case ReaderEvent::Kind::state_changed:
        return "state_changed";
    case ReaderEvent::Kind::service_lost:
        return "service_lost";
    case ReaderEvent::Kind::service_restored:
        return "service_restored";
    }
    return "unknown";
}

ReaderMonitor::ReaderMonitor(Poster poster, Handler handler, ReaderMonitorOptions options)
    : poster_(std::move(poster)), handler_(std::make_shared<const Handler>(std::move(handler))),
      alive_(std::make_shared<std::atomic<bool>>(true)), options_(options),
      reconnect_delay_(options.reconnect_initial),
      thread_([this](std::stop_token stop) { run(std::move(stop)); })
{
}

ReaderMonitor::~ReaderMonitor()
{
    thread_.request_stop();
    {
        std::unique_lock lock(mutex_);
        // A cancel that arrives while the thread is between two calls is
        // lost (pcsc-lite cancels only a waiting call): repeat until the
        // thread has seen the stop request.
        while (!finished_) {
            context_.cancel();
            wake_.wait_for(lock, std::chrono::milliseconds(20), [this] { return finished_; });
        }
    }
    thread_.join();
    alive_->store(false);
}

std::vector<ReaderState> ReaderMonitor::readers() const
{
    std::lock_guard lock(mutex_);
    return published_;
}

bool ReaderMonitor::service_available() const
{
    std::lock_guard lock(mutex_);
    return service_available_;
}

void ReaderMonitor::run(std::stop_token stop)
{
    try {
        bool enumerate_next = true;
        while (!stop.stop_requested()) {
            if (!context_) {
                if (!connect(stop))
                    continue;
                enumerate_next = true;
            }
            if (enumerate_next) {
                if (!enumerate()) {
                    wait(stop, reconnect_delay_);
                    continue;
                }
                enumerate_next = false;
            }
            watch_once(stop, enumerate_next);
            flush();
        }
    } catch (const std::exception& error) {
        // Nothing here throws but allocation; report it rather than die silently.
        queue({ReaderEvent::Kind::service_lost,
               {},
               std::string("reader monitor stopped: ") + error.what()});
    }
    flush();
    PcscContext context;
    {
        std::lock_guard lock(mutex_);
        context = std::move(context_);
        service_available_ = false;
        finished_ = true;
    }
    wake_.notify_all();
}

bool ReaderMonitor::connect(std::stop_token stop)
{
    LONG result = SCARD_S_SUCCESS;
    PcscContext context = PcscContext::try_establish(result);
    if (!context) {
        if (!lost_reported_) {
            lost_reported_ = true;
            queue({ReaderEvent::Kind::service_lost, {}, error_text(result)});
        }
        wait(stop, reconnect_delay_);
        reconnect_delay_ = std::min(reconnect_delay_ * 2, options_.reconnect_max);
        return false;
    }
    {
        std::lock_guard lock(mutex_);
        context_ = std::move(context);
        service_available_ = true;
    }
    if (lost_reported_) {
        lost_reported_ = false;
        queue({ReaderEvent::Kind::service_restored, {}, {}});
    }
    return true;
}

bool ReaderMonitor::enumerate()
{
    std::vector<std::string> names;
    if (const LONG result = context_.try_list_readers(names); result != SCARD_S_SUCCESS) {
        lose_service(result);
        return false;
    }
    for (auto it = watched_.begin(); it != watched_.end();) {
        if (std::find(names.begin(), names.end(), it->state.name) == names.end()) {
            if (it->reported)
                queue({ReaderEvent::Kind::reader_removed, it->state, {}});
            it = watched_.erase(it);
        } else {
            ++it;
        }
    }
    for (const auto& name : names) {
        const auto known = std::find_if(watched_.begin(), watched_.end(),
                                        [&name](const Watched& w) { return w.state.name == name; });
        if (known == watched_.end()) {
            Watched fresh;
            fresh.state.name = name;
            watched_.push_back(std::move(fresh)); // reported once its state is read
        }
    }
    return true;
}

void ReaderMonitor::watch_once(std::stop_token stop, bool& enumerate_next)
{
    // pcsc-lite takes at most PCSCLITE_MAX_READERS_CONTEXTS entries; with
    // that many readers the PnP entry is left out and the rescan finds
    // changes instead.
    const bool with_pnp = watched_.size() < PCSCLITE_MAX_READERS_CONTEXTS;
    const std::size_t first = with_pnp ? 1 : 0;
    std::vector<SCARD_READERSTATE> states(watched_.size() + first);
    if (with_pnp) {
        states[0].szReader = pnp_notification_reader;
        states[0].dwCurrentState = pnp_current_state_;
    }
    bool unreported = false;
    for (std::size_t i = 0; i < watched_.size(); ++i) {
        states[first + i].szReader = watched_[i].state.name.c_str();
        states[first + i].dwCurrentState = watched_[i].current_state;
        unreported = unreported || !watched_[i].reported;
    }
    // A reader not reported yet is asked with SCARD_STATE_UNAWARE, which
    // returns at once.
    const DWORD timeout = unreported ? 0 : static_cast<DWORD>(options_.rescan_interval.count());
    const LONG result = SCardGetStatusChange(context_.get(), timeout, states.data(),
                                             static_cast<DWORD>(states.size()));
    if (stop.stop_requested())
        return;
    switch (result) {
    case SCARD_S_SUCCESS:
        break;
    case SCARD_E_TIMEOUT:
        enumerate_next = true; // the periodic rescan
        reconnect_delay_ = options_.reconnect_initial;
        return;
    case SCARD_E_CANCELLED:
        return;
    case SCARD_E_UNKNOWN_READER: // a reader left between listing and waiting
        enumerate_next = true;
        return;
    default:
        lose_service(result);
        wait(stop, reconnect_delay_);
        reconnect_delay_ = std::min(reconnect_delay_ * 2, options_.reconnect_max);
        return;
    }
    reconnect_delay_ = options_.reconnect_initial;

    if (with_pnp) {
        if (states[0].dwEventState & SCARD_STATE_CHANGED)
            enumerate_next = true;
        // pcsc-lite 2.3 and later count reader events in the high word and
        // want it back; 1.9.9 leaves it 0.
        pnp_current_state_ = states[0].dwEventState & ~DWORD{SCARD_STATE_CHANGED};
    }
    for (std::size_t i = 0; i < watched_.size(); ++i) {
        const SCARD_READERSTATE& raw = states[first + i];
        Watched& watched = watched_[i];
        if (raw.dwEventState & SCARD_STATE_UNKNOWN) {
            enumerate_next = true; // gone: enumerate() reports the removal
            continue;
        }
        if (!(raw.dwEventState & SCARD_STATE_CHANGED) && watched.reported)
            continue;
        watched.current_state = raw.dwEventState & ~DWORD{SCARD_STATE_CHANGED};
        ReaderState state = ReaderState::from(raw);
        if (!watched.reported) {
            watched.reported = true;
            watched.state = std::move(state);
            queue({ReaderEvent::Kind::reader_added, watched.state, {}});
        } else if (state != watched.state) {
            watched.state = std::move(state);
            queue({ReaderEvent::Kind::state_changed, watched.state, {}});
        }
    }
}

void ReaderMonitor::lose_service(LONG result)
{
    PcscContext dead;
    {
        std::lock_guard lock(mutex_);
        dead = std::move(context_);
        service_available_ = false;
    }
    dead.reset();
    if (!lost_reported_) {
        lost_reported_ = true;
        queue({ReaderEvent::Kind::service_lost, {}, error_text(result)});
    }
    for (const auto& watched : watched_) {
        if (watched.reported)
            queue({ReaderEvent::Kind::reader_removed, watched.state, {}});
    }
    watched_.clear();
    pnp_current_state_ = SCARD_STATE_UNAWARE;
}

void ReaderMonitor::queue(ReaderEvent event)
{
    queued_.push_back(std::move(event));
}

void ReaderMonitor::flush()
{
    // The view first: a handler that asks readers() sees at least what
    // its event says.
    std::vector<ReaderState> view;
    for (const auto& watched : watched_) {
        if (watched.reported)
            view.push_back(watched.state);
    }
    {
        std::lock_guard lock(mutex_);
        published_ = std::move(view);
    }
    for (auto& event : queued_) {
        poster_([alive = alive_, handler = handler_, event = std::move(event)] {
            if (alive->load())
                (*handler)(event);
        });
    }
    queued_.clear();
}

void ReaderMonitor::wait(std::stop_token stop, std::chrono::milliseconds interval)
{
    flush();
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, interval, [] { return false; });
}

} // namespace ktpel::smartcard::pcsc
