// SPDX-License-Identifier: Apache-2.0
#include "interrupt.hpp"

#include <array>
#include <csignal>

namespace ktpelctl {
namespace {

volatile std::sig_atomic_t interrupts = 0;
volatile std::sig_atomic_t last_signal_number = 0;

void note_interrupt(int signal)
{
    last_signal_number = signal;
    if (interrupts < 100)
        interrupts = interrupts + 1;
}

constexpr std::array kWatchedSignals = {SIGINT, SIGTERM};
std::array<struct sigaction, kWatchedSignals.size()> previous_actions{};

} // namespace

InterruptWatch::InterruptWatch()
{
    interrupts = 0;
    last_signal_number = 0;
    struct sigaction action
    {
    };
    action.sa_handler = note_interrupt;
    sigemptyset(&action.sa_mask);
    // No SA_RESTART: a blocked poll returns early and the loop looks at the flag.
    action.sa_flags = 0;
    for (std::size_t i = 0; i < kWatchedSignals.size(); ++i)
        ::sigaction(kWatchedSignals[i], &action, &previous_actions[i]);
}

InterruptWatch::~InterruptWatch()
{
    for (std::size_t i = 0; i < kWatchedSignals.size(); ++i)
        ::sigaction(kWatchedSignals[i], &previous_actions[i], nullptr);
}

int InterruptWatch::count() const noexcept
{
    return interrupts;
}

int InterruptWatch::last_signal() const noexcept
{
    return last_signal_number;
}

} // namespace ktpelctl
