// SPDX-License-Identifier: Apache-2.0
#include "interrupt_guard.hpp"

#include <cstdlib>
#include <cstring>
#include <iostream>

#include <pthread.h>
#include <sys/wait.h>

namespace ktpel::bench {

InterruptGuard::InterruptGuard(std::string program) : program_(std::move(program))
{
    sigemptyset(&signals_);
    for (const int signal : {SIGINT, SIGTERM, SIGHUP})
        sigaddset(&signals_, signal);
    ::pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
}

InterruptGuard::~InterruptGuard()
{
    if (watcher_.joinable()) {
        watcher_.request_stop();
        watcher_.join();
    }
    ::pthread_sigmask(SIG_UNBLOCK, &signals_, nullptr);
}

void InterruptGuard::clean_up_on_signal(pid_t daemon, std::filesystem::path scratch)
{
    watcher_ = std::jthread([this, daemon, scratch = std::move(scratch)](std::stop_token stop) {
        const timespec stop_check_interval{0, 100'000'000};
        while (!stop.stop_requested()) {
            const int signal = ::sigtimedwait(&signals_, nullptr, &stop_check_interval);
            if (signal <= 0)
                continue;
            ::kill(daemon, SIGKILL);
            ::waitpid(daemon, nullptr, 0);
            std::error_code ignored; // exiting anyway
            std::filesystem::remove_all(scratch, ignored);
            std::cerr << program_ << ": interrupted by " << ::strsignal(signal) << "\n";
            std::_Exit(128 + signal);
        }
    });
}

} // namespace ktpel::bench
