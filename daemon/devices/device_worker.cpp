// SPDX-License-Identifier: Apache-2.0
#include "device_worker.hpp"

#include <pthread.h>

#include "devices_log.hpp"

namespace ktpel::daemon {

DeviceWorker::DeviceWorker(std::string name)
    : name_(std::move(name)), thread_([this](std::stop_token stop) { run(stop); })
{
    // Thread names show up in top/gdb; the kernel allows 15 characters.
    pthread_setname_np(thread_.native_handle(), ("dev:" + name_).substr(0, 15).c_str());
}

DeviceWorker::~DeviceWorker()
{
    thread_.request_stop();
    ready_.notify_all();
}

void DeviceWorker::post(std::function<void()> task)
{
    {
        std::lock_guard lock(mutex_);
        tasks_.push_back(std::move(task));
    }
    ready_.notify_one();
}

void DeviceWorker::run(std::stop_token stop)
{
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(mutex_);
            if (!ready_.wait(lock, stop, [&] { return !tasks_.empty(); }))
                return;
            task = std::move(tasks_.front());
            tasks_.pop_front();
        }
        try {
            task();
        } catch (const std::exception& e) {
            // Tasks report their own failures; reaching here is a bug.
            log_devices().error("device worker " + name_ + ": task escaped with: " + e.what());
        }
    }
}

} // namespace ktpel::daemon
