// SPDX-License-Identifier: Apache-2.0
// Failures on the client's side of the wire. An error the daemon reports is
// a ProtocolError (or a Reply with ok == false), never a ClientError.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace ktpel {

enum class ClientErrorKind
{
    timeout,         // no reply before the deadline: daemon down, wedged or unreachable
    transport,       // ZeroMQ refused (bad endpoint, send queue full, context gone)
    malformed_reply, // a reply that does not follow docs/protocol.md
    malformed_event, // an event that does not follow docs/protocol.md
};

std::string_view to_string(ClientErrorKind kind) noexcept;

class ClientError : public std::runtime_error
{
public:
    ClientError(ClientErrorKind kind, const std::string& message)
        : std::runtime_error(message), kind_(kind)
    {
    }

    ClientErrorKind kind() const noexcept { return kind_; }

private:
    ClientErrorKind kind_;
};

} // namespace ktpel
