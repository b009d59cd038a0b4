// SPDX-License-Identifier: Apache-2.0
// Watches pcscd for readers appearing and disappearing and for cards
// going in and out, on a thread of its own (SCardGetStatusChange blocks),
// and hands every change to the caller's poster: the daemon passes one
// that posts onto its asio loop, so handlers run there.
//
// pcscd wakes waiting clients for card insertions and removals (and
// readers coming or going), not when an application connects: the
// exclusive and in-use flags of a state are only as fresh as its event.
//
// It survives pcscd restarts: when pcscd goes away it reports
// service_lost and every known reader removed, re-establishes its context
// with backoff, and reports service_restored and the readers found then.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "pcsc_context.hpp"
#include "reader_state.hpp"

namespace ktpel::smartcard::pcsc {

struct ReaderEvent
{
    enum class Kind
    {
        reader_added,     // state: the reader's state when first seen
        reader_removed,   // state: the last state known
        state_changed,    // state: the new state (card in or out, ATR, mute)
        service_lost,     // pcscd unreachable (also at start if it is not running); detail: why
        service_restored, // pcscd reachable again; reader_added events follow
    };
    Kind kind;
    ReaderState state;  // empty for the service events
    std::string detail; // pcsc-lite's error text for service_lost
};

std::string to_string(ReaderEvent::Kind kind);

struct ReaderMonitorOptions
{
    // SCardGetStatusChange wakes up at least this often to list the
    // readers again. pcsc-lite 1.9.9's "\\?PnP?\Notification" reader only
    // reports readers added or removed while a call is waiting, so a reader
    // that appears between listing and waiting is caught by this rescan.
    std::chrono::milliseconds rescan_interval{2000};
    // Waits between attempts to reach pcscd: doubling from the first to the
    // last value.
    std::chrono::milliseconds reconnect_initial{100};
    std::chrono::milliseconds reconnect_max{2000};
};

class ReaderMonitor
{
public:
    using Poster = std::function<void(std::function<void()>)>;
    using Handler = std::function<void(const ReaderEvent&)>;

    // Starts watching at once; the first events are reader_added for every
    // reader present (or service_lost). Events are posted in order.
    ReaderMonitor(Poster poster, Handler handler, ReaderMonitorOptions options = {});
    // Stops the thread (SCardCancel) and joins it. Closures already posted
    // but not yet run do nothing once the destructor has returned, so the
    // handler's captures may die with the monitor if the closures run on
    // the thread that destroys it (the asio loop).
    ~ReaderMonitor();
    ReaderMonitor(const ReaderMonitor&) = delete;
    ReaderMonitor& operator=(const ReaderMonitor&) = delete;

    // The monitor thread's latest view, which may be ahead of the events
    // delivered so far. Thread-safe.
    std::vector<ReaderState> readers() const;
    bool service_available() const;

private:
    struct Watched
    {
        ReaderState state;
        DWORD current_state = SCARD_STATE_UNAWARE; // fed back to SCardGetStatusChange
        bool reported = false;                     // reader_added posted
    };

    void run(std::stop_token stop);
    bool connect(std::stop_token stop);
    bool enumerate();
    void watch_once(std::stop_token stop, bool& enumerate_next);
    void lose_service(LONG result);
    // Events wait in queued_ until flush() has updated the published view
    // and posts them in order.
    void queue(ReaderEvent event);
    void flush();
    void wait(std::stop_token stop, std::chrono::milliseconds interval);

    Poster poster_;
    std::shared_ptr<const Handler> handler_;
    std::shared_ptr<std::atomic<bool>> alive_;
    ReaderMonitorOptions options_;

    // The thread owns context_ and watched_; the mutex guards swapping the
    // context against SCardCancel from the destructor, and the published
    // view.
    mutable std::mutex mutex_;
    PcscContext context_;
    std::vector<Watched> watched_;
    std::vector<ReaderEvent> queued_;
    std::vector<ReaderState> published_;
    bool service_available_ = false;
    bool lost_reported_ = false;
    DWORD pnp_current_state_ = SCARD_STATE_UNAWARE;
    std::chrono::milliseconds reconnect_delay_;

    std::condition_variable_any wake_;
    bool finished_ = false; // guarded by mutex_
    std::jthread thread_;   // last: starts once everything it uses exists
};

} // namespace ktpel::smartcard::pcsc
