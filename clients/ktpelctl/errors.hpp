// SPDX-License-Identifier: Apache-2.0
// Failures that belong to ktpelctl itself, one type per exit code. The
// daemon's errors stay ktpel::ProtocolError, transport trouble
// ktpel::ClientError.
#pragma once

#include <stdexcept>
#include <string>

namespace ktpelctl {

// A command line CLI11 accepted but that still makes no sense (--arg x).
class UsageError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// The daemon's socket is missing or not ours to use: known before sending.
class UnreachableError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// The output file cannot be written.
class LocalIoError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// The user pressed Ctrl-C again while we waited for a cancelled request:
// give up at once, cleaning up on the way out, then die of `signal` so a
// calling shell sees what happened.
class Interrupted : public std::runtime_error
{
public:
    Interrupted(const std::string& message, int signal)
        : std::runtime_error(message), signal_(signal)
    {
    }
    int signal() const noexcept { return signal_; }

private:
    int signal_;
};

} // namespace ktpelctl
