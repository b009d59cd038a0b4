// SPDX-License-Identifier: Apache-2.0
// Test stand-ins for the daemon's side of a ReaderMonitor: a loop thread
// that runs posted closures in order (as the asio loop does) and a log of
// the events the handler saw, which tests wait on.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "drivers/transport/pcsc/reader_monitor.hpp"

namespace ktpel::test {

class PostedLoop
{
public:
    PostedLoop()
        : thread_([this](std::stop_token stop) {
              for (;;) {
                  std::function<void()> task;
                  {
                      std::unique_lock lock(mutex_);
                      if (!ready_.wait(lock, stop, [this] { return !tasks_.empty(); }))
                          return;
                      task = std::move(tasks_.front());
                      tasks_.pop_front();
                  }
                  task();
              }
          })
    {
    }

    smartcard::pcsc::ReaderMonitor::Poster poster()
    {
        return [this](std::function<void()> task) {
            {
                std::lock_guard lock(mutex_);
                tasks_.push_back(std::move(task));
            }
            ready_.notify_one();
        };
    }

private:
    std::mutex mutex_;
    std::condition_variable_any ready_;
    std::deque<std::function<void()>> tasks_;
    std::jthread thread_;
};

class EventLog
{
public:
    using Event = smartcard::pcsc::ReaderEvent;

    smartcard::pcsc::ReaderMonitor::Handler handler()
    {
        return [this](const Event& event) {
            {
                std::lock_guard lock(mutex_);
                events_.push_back(event);
            }
            changed_.notify_all();
        };
    }

    // The index of the first event at or after `from` that matches, once
    // it has arrived; nullopt after `deadline`.
    std::optional<std::size_t>
    wait_for(const std::function<bool(const Event&)>& matches, std::size_t from = 0,
             std::chrono::milliseconds deadline = std::chrono::seconds(15)) const
    {
        std::unique_lock lock(mutex_);
        std::optional<std::size_t> found;
        changed_.wait_for(lock, deadline, [&] {
            for (std::size_t i = from; i < events_.size(); ++i) {
                if (matches(events_[i])) {
                    found = i;
                    return true;
                }
            }
            return false;
        });
        return found;
    }

    std::vector<Event> events() const
    {
        std::lock_guard lock(mutex_);
        return events_;
    }

    Event at(std::size_t index) const
    {
        std::lock_guard lock(mutex_);
        return events_.at(index);
    }

    std::size_t size() const
    {
        std::lock_guard lock(mutex_);
        return events_.size();
    }

private:
    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    std::vector<Event> events_;
};

// Predicates for EventLog::wait_for.
inline auto is(smartcard::pcsc::ReaderEvent::Kind kind)
{
    return [kind](const smartcard::pcsc::ReaderEvent& event) {
        return event.kind == kind;
    };
}

inline auto is(smartcard::pcsc::ReaderEvent::Kind kind, std::string reader)
{
    return [kind, reader = std::move(reader)](const smartcard::pcsc::ReaderEvent& event) {
        return event.kind == kind && event.state.name == reader;
    };
}

} // namespace ktpel::test
