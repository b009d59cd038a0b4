// SPDX-License-Identifier: Apache-2.0
#include "evolis_channel.hpp"

#include <array>

namespace ktpel::evolis {
namespace {

using drivers::DeviceFailure;
constexpr std::chrono::milliseconds kReplyTimeout{2000};
constexpr std::size_t kMaxReply = 4096;

} // namespace

Channel::Channel(std::unique_ptr<usb::DeviceHandle> usb) : usb_(std::move(usb))
{
    usb_->claim_interface(0);
}

std::string Channel::command(const std::string& text, const drivers::OperationContext& context)
{
    std::string wire = "\x1b" + text + "\r";
    std::string reply;
    try {
        usb_->bulk_write(kEndpointOut,
                         {reinterpret_cast<const std::uint8_t*>(wire.data()), wire.size()},
                         kReplyTimeout, context.stop_token());
        std::array<std::uint8_t, 512> buffer{};
        while (reply.empty() || reply.back() != '\r') {
            const std::size_t count =
                usb_->bulk_read(kEndpointIn, buffer, kReplyTimeout, context.stop_token());
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
        throw DeviceFailure(DeviceFailure::Kind::protocol, "command_refused",
                            "printer refused \"" + text + "\": " + reply);
    return reply;
}

} // namespace ktpel::evolis
