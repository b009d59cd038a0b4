// SPDX-License-Identifier: Apache-2.0
// The Evolis-compatible escape-command channel: a command is
// `ESC command[;param...] CR` on the bulk OUT endpoint; the printer answers
// on bulk IN with text ended by CR, or with "ERR..." for a command it
// refuses. Only identification and status are implemented yet; printing
// arrives with the card printing issue (docs/drivers/evolis.md).
#pragma once

#include <memory>
#include <string>

#include "../classes/operation_context.hpp"
#include "../transport/usb_transport.hpp"

namespace ktpel::evolis {

inline constexpr std::uint8_t kEndpointOut = 0x02;
inline constexpr std::uint8_t kEndpointIn = 0x82;

class Channel
{
public:
    explicit Channel(std::unique_ptr<usb::DeviceHandle> usb);

    // Sends one command and returns the reply without its CR. Throws
    // DeviceFailure (the printer's "ERR" replies become protocol errors).
    std::string command(const std::string& text, const drivers::OperationContext& context);

private:
    std::unique_ptr<usb::DeviceHandle> usb_;
};

} // namespace ktpel::evolis
