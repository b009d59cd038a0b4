// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>
#include <string>

namespace ktpel::drivers {

// What a driver throws when an operation fails. The device manager maps
// the kind to a protocol error code and the reason into details.reason.
class DeviceFailure : public std::runtime_error
{
public:
    enum class Kind
    {
        disconnected, // unplugged or gone mid-operation -> device_absent
        timeout,      // the device stopped answering or the deadline passed -> timeout
        no_subject,   // nothing on the sensor before the deadline -> no_subject
        cancelled,    // the stop token fired -> cancelled
        hardware,     // the device reported a fault -> device_error
        protocol,     // the device said something the driver cannot parse -> device_error
        invalid,      // the request cannot be done by this device -> invalid_args
        card,         // the card in the device refused or failed (wrong SAM, locked) -> card_error
    };

    // reason: a stable snake_case word for machines (e.g. "stalled_transfer").
    DeviceFailure(Kind kind, std::string reason, const std::string& message)
        : std::runtime_error(message), kind_(kind), reason_(std::move(reason))
    {
    }

    Kind kind() const noexcept { return kind_; }
    const std::string& reason() const noexcept { return reason_; }

private:
    Kind kind_;
    std::string reason_;
};

} // namespace ktpel::drivers
