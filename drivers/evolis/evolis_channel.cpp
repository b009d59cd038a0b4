// SPDX-License-Identifier: Apache-2.0
#include "evolis_channel.hpp"

#include <array>

#include "evolis_commands.hpp"

namespace ktpel::evolis {
namespace {

using drivers::DeviceFailure;
constexpr std::size_t kMaxReply = 4096;
constexpr std::chrono::milliseconds kLateReplyWait{50};

} // namespace

Channel::Channel(std::unique_ptr<usb::DeviceHandle> usb) : usb_(std::move(usb))
{
    usb_->claim_interface(0);
}

std::string Channel::command(std::string_view text, const drivers::OperationContext& context,
                             std::chrono::milliseconds reply_timeout)
{
    context.throw_if_cancelled();
    std::string wire;
    wire.reserve(text.size() + 2);
    wire.push_back('\x1b');
    wire.append(text);
    wire.push_back('\r');
    std::string reply;
    try {
        usb_->bulk_write(kEndpointOut,
                         {reinterpret_cast<const std::uint8_t*>(wire.data()), wire.size()},
                         kReplyTimeout, context.stop_token());
        bytes_written_ += wire.size();
        last_write_at_ = std::chrono::steady_clock::now();
        std::array<std::uint8_t, 512> buffer{};
        while (reply.empty() || reply.back() != '\r') {
            const std::size_t count =
                usb_->bulk_read(kEndpointIn, buffer, reply_timeout, context.stop_token());
            reply.append(reinterpret_cast<const char*>(buffer.data()), count);
            if (reply.size() > kMaxReply)
                throw DeviceFailure(DeviceFailure::Kind::protocol, "protocol_error",
                                    "printer reply too long");
        }
    } catch (const usb::TransferError& error) {
        switch (error.kind()) {
        case usb::TransferErrorKind::disconnected:
            throw DeviceFailure(DeviceFailure::Kind::disconnected, "unplugged", error.what());
        case usb::TransferErrorKind::cancelled:
            throw DeviceFailure(DeviceFailure::Kind::cancelled, "cancelled", error.what());
        case usb::TransferErrorKind::timeout:
            throw DeviceFailure(DeviceFailure::Kind::hardware, "device_not_responding",
                                error.what());
        default:
            throw DeviceFailure(DeviceFailure::Kind::hardware,
                                "usb_" + usb::to_string(error.kind()), error.what());
        }
    }
    reply.pop_back();
    if (reply.rfind("ERR", 0) == 0)
        throw command::refusal(text, reply);
    return reply;
}

void Channel::discard_late_replies()
{
    std::array<std::uint8_t, 512> buffer{};
    try {
        for (int i = 0; i < 64; ++i)
            usb_->bulk_read(kEndpointIn, buffer, kLateReplyWait, {});
    } catch (const usb::TransferError&) {
        // A timeout is the expected end: nothing (more) was queued.
    }
}

} // namespace ktpel::evolis
