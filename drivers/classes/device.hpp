// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "device_class.hpp"
#include "operation_context.hpp"

namespace ktpel::drivers {

// What a device says about itself once the driver has talked to it.
struct DeviceIdentity
{
    std::string manufacturer;
    std::string model;
    std::string serial;
    std::string firmware;
};

// Base of the class interfaces. Drivers hold no policy: they do what the
// class interface asks, report progress, throw DeviceFailure, and honour
// the context's stop token. All calls come from the device's worker
// thread, one at a time.
class Device
{
public:
    virtual ~Device() = default;

    virtual DeviceClass device_class() const noexcept = 0;

    // Talks to the device to learn who it is; called once after binding.
    virtual DeviceIdentity probe(const OperationContext& context) = 0;

    // Capability summary for device.list (sensor size, resolution, ...).
    virtual nlohmann::json capabilities() const = 0;
};

} // namespace ktpel::drivers
