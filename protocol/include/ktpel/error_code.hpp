// SPDX-License-Identifier: Apache-2.0
// Stable, machine-readable error codes of protocol v1 (docs/protocol.md).
#pragma once

#include <optional>
#include <string_view>

namespace ktpel {

// The wire spelling of each code is part of the protocol: never rename one,
// only add new ones (and document them in docs/protocol.md).
enum class ErrorCode
{
    bad_request,         // frame 0 is not a JSON object header of the right shape
    unsupported_version, // header "v" names a protocol major version we do not speak
    unknown_op,          // no such operation
    invalid_args,        // args missing, of the wrong type, out of range or unknown
    too_large,           // message, header or frame count over the configured limits
    too_many_requests,   // the client already has the maximum number of requests in flight
    unauthenticated,     // no valid session token
    forbidden,           // the session's roles do not allow the operation
    rate_limited,        // too many wrong PINs: details.retry_after_ms
    sop_order, // the SOP does not allow this now (step order, step not started, skip not allowed)
    not_found, // the named device, request or object does not exist
    device_absent,      // the device is configured but not plugged in
    device_busy,        // the device is claimed by another request or client
    device_error,       // the device failed; details.reason says how
    no_subject,         // the device saw no finger, eye or face before the deadline
    timeout,            // the operation's deadline passed
    cancelled,          // op.cancel, or the daemon shutting down, stopped the operation
    shutting_down,      // the daemon is stopping and takes no new work
    resource_exhausted, // a daemon-wide bound (memory for held captures) is reached
    internal,           // a bug in ktpeld; the message says what failed
    card_error,         // the card (not the device) refused or failed: details.reason says how
};

std::string_view to_string(ErrorCode code) noexcept;
std::optional<ErrorCode> error_code_from_string(std::string_view text) noexcept;

} // namespace ktpel
