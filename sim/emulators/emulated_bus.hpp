// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "drivers/transport/usb_transport.hpp"
#include "usb_device_emulator.hpp"

namespace ktpel::sim {

// A USB bus whose devices are emulators. Plug and unplug are what the
// sim.inject "unplug"/"replug" faults do; they raise the same hotplug
// events the libusb bus raises for real cables. Call plug/unplug and the
// usb::Bus methods from the event loop thread.
class EmulatedBus final : public usb::Bus
{
public:
    // Adds a device at `location` (plugged in). Call before the manager
    // starts, or later to emulate a new device arriving.
    void attach(std::string location, std::shared_ptr<UsbDeviceEmulator> emulator);

    void unplug(const std::string& location);
    void replug(const std::string& location);
    std::shared_ptr<UsbDeviceEmulator> emulator_at(const std::string& location) const;

    void set_hotplug_handler(usb::HotplugHandler handler) override;
    std::vector<usb::DeviceDescription> enumerate() override;
    std::unique_ptr<usb::DeviceHandle> open(const std::string& location) override;
    bool emulated() const noexcept override { return true; }

private:
    usb::DeviceDescription describe(const std::string& location,
                                    const UsbDeviceEmulator& emulator) const;

    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<UsbDeviceEmulator>> slots_;
    usb::HotplugHandler hotplug_;
};

} // namespace ktpel::sim
