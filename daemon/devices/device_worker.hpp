// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace ktpel::daemon {

// One thread per device: driver calls block (that is how protocol code
// reads best), so they run here and post their results to the loop.
// Tasks run in order; destruction finishes the running task, drops the
// rest and joins.
class DeviceWorker
{
public:
    explicit DeviceWorker(std::string name);
    ~DeviceWorker();
    DeviceWorker(const DeviceWorker&) = delete;
    DeviceWorker& operator=(const DeviceWorker&) = delete;

    void post(std::function<void()> task);

private:
    void run(std::stop_token stop);

    std::string name_;
    std::mutex mutex_;
    std::condition_variable_any ready_;
    std::deque<std::function<void()>> tasks_;
    std::jthread thread_; // last: starts once the queue exists
};

} // namespace ktpel::daemon
