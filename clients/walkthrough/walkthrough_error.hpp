// SPDX-License-Identifier: Apache-2.0
// What makes the walk-through fail (exit 1): a request that should have
// worked was refused, or a request the SOP must refuse went through.
#pragma once

#include <stdexcept>
#include <string>

#include <ktpel/error.hpp>

namespace walkthrough {

class WalkthroughFailure : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// The daemon refused a request the walk-through needs; keeps the daemon's
// error so the report names its stable code.
class RequestFailed : public WalkthroughFailure
{
public:
    RequestFailed(std::string officer, std::string op, ktpel::Error error)
        : WalkthroughFailure(officer + ": " + op + " failed: " +
                             std::string(ktpel::to_string(error.code)) + ": " + error.message),
          officer_(std::move(officer)), op_(std::move(op)), error_(std::move(error))
    {
    }

    const std::string& officer() const noexcept { return officer_; }
    const std::string& op() const noexcept { return op_; }
    const ktpel::Error& error() const noexcept { return error_; }

private:
    std::string officer_;
    std::string op_;
    ktpel::Error error_;
};

// The daemon is not there to walk through: no socket, or no answer in time.
class DaemonUnreachable : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

} // namespace walkthrough
