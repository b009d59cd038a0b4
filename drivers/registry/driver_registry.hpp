// SPDX-License-Identifier: Apache-2.0
// Drivers register themselves (as libcamera's pipeline handlers do) with a
// descriptor: name, class, match table and a factory. The device manager
// only ever sees descriptors and class interfaces.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../classes/device.hpp"
#include "../transport/usb_transport.hpp"
#include "chip/smartcard_reader.hpp"

namespace ktpel::drivers {

struct UsbId
{
    std::uint16_t vendor_id;
    std::uint16_t product_id;
};

// What the manager hands a driver's factory: an opened transport and the
// device's options from the configuration.
struct DriverBinding
{
    std::unique_ptr<usb::DeviceHandle> usb;
    std::unique_ptr<smartcard::Reader> reader;
    // A second reader the device works with (the encoder's SAM), named by
    // options.sam_reader; null when none is configured or it is missing.
    std::unique_ptr<smartcard::Reader> sam_reader;
    nlohmann::json options = nlohmann::json::object();
};

struct DriverDescriptor
{
    std::string name; // as written in the configuration's "driver:"
    DeviceClass device_class;
    std::string summary;                      // one line for `ktpelctl drivers` and the docs
    std::vector<UsbId> usb_ids;               // USB match table
    std::vector<std::string> reader_patterns; // PC/SC reader-name prefixes
    std::function<std::unique_ptr<Device>(DriverBinding)> create;
};

class DriverRegistry
{
public:
    static DriverRegistry& instance();

    // Returns false (and keeps the first) when the name is taken.
    bool add(DriverDescriptor descriptor);
    const DriverDescriptor* find(std::string_view name) const;
    const std::vector<DriverDescriptor>& all() const noexcept { return drivers_; }

private:
    std::vector<DriverDescriptor> drivers_;
};

// Registers at static-initialisation time. The drivers library is an
// OBJECT library so every registration is linked in.
struct DriverRegistration
{
    explicit DriverRegistration(DriverDescriptor descriptor)
    {
        DriverRegistry::instance().add(std::move(descriptor));
    }
};

} // namespace ktpel::drivers
