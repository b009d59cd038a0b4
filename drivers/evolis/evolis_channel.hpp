// SPDX-License-Identifier: Apache-2.0
// The Evolis-compatible escape-command channel: a command is
// `ESC command[;param...] CR` on the bulk OUT endpoint; the printer answers
// on bulk IN with text ended by CR, or with "ERR..." for a command it
// refuses (docs/drivers/evolis.md).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "../classes/operation_context.hpp"
#include "../transport/usb_transport.hpp"

namespace ktpel::evolis {

inline constexpr std::uint8_t kEndpointOut = 0x02;
inline constexpr std::uint8_t kEndpointIn = 0x82;
// How long a reply may take before the printer counts as not responding.
inline constexpr std::chrono::milliseconds kReplyTimeout{2000};

class Channel
{
public:
    explicit Channel(std::unique_ptr<usb::DeviceHandle> usb);

    // Sends one command (binary payloads included) and returns the reply
    // without its CR. Throws DeviceFailure; an "ERR" reply becomes the
    // typed failure command::refusal() gives it. `reply_timeout` is for
    // commands the mechanism takes longer over (moving a card).
    std::string command(std::string_view text, const drivers::OperationContext& context,
                        std::chrono::milliseconds reply_timeout = kReplyTimeout);

    // Drops replies still queued from a command whose wait was cancelled,
    // so the next command does not read an old answer as its own.
    void discard_late_replies();

    // Bytes written to the printer since the channel opened, and when the
    // last of them went: a job's cost is the difference across it.
    std::uint64_t bytes_written() const noexcept { return bytes_written_; }
    std::optional<std::chrono::steady_clock::time_point> last_write_at() const noexcept
    {
        return last_write_at_;
    }

private:
    std::unique_ptr<usb::DeviceHandle> usb_;
    std::uint64_t bytes_written_ = 0;
    std::optional<std::chrono::steady_clock::time_point> last_write_at_;
};

} // namespace ktpel::evolis
