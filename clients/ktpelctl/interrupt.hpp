// SPDX-License-Identifier: Apache-2.0
// Ctrl-C (and SIGTERM) as a flag that ktpelctl's wait loops poll, so a
// capture can be cancelled properly instead of the process just dying.
#pragma once

namespace ktpelctl {

// Installs the handlers for its lifetime and restores the previous ones
// after. One at a time: the count is process-wide, as signals are.
class InterruptWatch
{
public:
    InterruptWatch();
    ~InterruptWatch();
    InterruptWatch(const InterruptWatch&) = delete;
    InterruptWatch& operator=(const InterruptWatch&) = delete;

    bool requested() const noexcept { return count() > 0; }
    // A repeated Ctrl-C means "stop waiting now", where the first only
    // asked to cancel politely.
    int count() const noexcept;
    // SIGINT or SIGTERM, whichever came last; 0 before any.
    int last_signal() const noexcept;
};

} // namespace ktpelctl
