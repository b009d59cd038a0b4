// SPDX-License-Identifier: Apache-2.0
// Ctrl-C (or SIGTERM, SIGHUP) must still kill and reap the daemon and remove
// the scratch directory, though no destructor runs then: the signals are
// blocked in every thread and one thread takes them and cleans up.
#pragma once

#include <csignal>
#include <filesystem>
#include <string>
#include <thread>

#include <sys/types.h>

namespace ktpel::bench {

class InterruptGuard
{
public:
    // Construct before any other thread starts, so that all inherit the mask.
    // `program` names the bench in the message an interruption prints.
    explicit InterruptGuard(std::string program);
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    // From now on an interrupting signal kills `daemon`, removes `scratch`
    // and ends the process with 128 + the signal number.
    void clean_up_on_signal(pid_t daemon, std::filesystem::path scratch);

private:
    std::string program_;
    sigset_t signals_;
    std::jthread watcher_;
};

} // namespace ktpel::bench
