// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>

namespace ktpel::sop {

// Wall-clock time as the SOP engine sees it. Injected so that tests move
// time by hand and the training mode can run the service faster.
class Clock
{
public:
    using time_point = std::chrono::system_clock::time_point;
    virtual ~Clock() = default;
    virtual time_point now() const = 0;
};

class SystemClock final : public Clock
{
public:
    time_point now() const override { return std::chrono::system_clock::now(); }
};

} // namespace ktpel::sop
