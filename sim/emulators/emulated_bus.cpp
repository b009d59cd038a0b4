// SPDX-License-Identifier: Apache-2.0
#include "emulated_bus.hpp"

namespace ktpel::sim {
namespace {

// What the driver holds: a cable to one emulator. It keeps talking to the
// same emulator object even after a replug, like a stale libusb handle,
// and gets `disconnected` while the cable is out.
class EmulatedHandle final : public usb::DeviceHandle
{
public:
    EmulatedHandle(usb::DeviceDescription description, std::shared_ptr<UsbDeviceEmulator> emulator)
        : description_(std::move(description)), emulator_(std::move(emulator)),
          generation_(emulator_->plug_generation())
    {
    }

    const usb::DeviceDescription& description() const override { return description_; }

    void claim_interface(int /*interface_number*/) override { check_connected(); }

    void bulk_write(std::uint8_t endpoint, std::span<const std::uint8_t> data,
                    std::chrono::milliseconds /*timeout*/, std::stop_token stop) override
    {
        check_connected();
        if (stop.stop_requested())
            throw usb::TransferError(usb::TransferErrorKind::cancelled, "transfer cancelled");
        emulator_->receive(endpoint, data);
    }

    std::size_t bulk_read(std::uint8_t endpoint, std::span<std::uint8_t> buffer,
                          std::chrono::milliseconds timeout, std::stop_token stop) override
    {
        check_connected();
        return emulator_->send(endpoint, buffer, timeout, std::move(stop));
    }

    std::size_t interrupt_read(std::uint8_t endpoint, std::span<std::uint8_t> buffer,
                               std::chrono::milliseconds timeout, std::stop_token stop) override
    {
        check_connected();
        return emulator_->send_interrupt(endpoint, buffer, timeout, std::move(stop));
    }

private:
    void check_connected() const
    {
        if (!emulator_->connected() || emulator_->plug_generation() != generation_)
            throw usb::TransferError(usb::TransferErrorKind::disconnected, "device disconnected");
    }

    usb::DeviceDescription description_;
    std::shared_ptr<UsbDeviceEmulator> emulator_;
    std::uint64_t generation_;
};

} // namespace

void EmulatedBus::attach(std::string location, std::shared_ptr<UsbDeviceEmulator> emulator)
{
    usb::HotplugHandler handler;
    usb::DeviceDescription description;
    {
        std::lock_guard lock(mutex_);
        description = describe(location, *emulator);
        slots_[location] = std::move(emulator);
        handler = hotplug_;
    }
    if (handler)
        handler(usb::HotplugEvent::arrived, description);
}

void EmulatedBus::unplug(const std::string& location)
{
    auto emulator = emulator_at(location);
    if (!emulator || !emulator->connected())
        return;
    emulator->set_connected(false);
    usb::HotplugHandler handler;
    {
        std::lock_guard lock(mutex_);
        handler = hotplug_;
    }
    if (handler)
        handler(usb::HotplugEvent::left, describe(location, *emulator));
}

void EmulatedBus::replug(const std::string& location)
{
    auto emulator = emulator_at(location);
    if (!emulator || emulator->connected())
        return;
    emulator->set_connected(true);
    usb::HotplugHandler handler;
    {
        std::lock_guard lock(mutex_);
        handler = hotplug_;
    }
    if (handler)
        handler(usb::HotplugEvent::arrived, describe(location, *emulator));
}

std::shared_ptr<UsbDeviceEmulator> EmulatedBus::emulator_at(const std::string& location) const
{
    std::lock_guard lock(mutex_);
    const auto it = slots_.find(location);
    return it == slots_.end() ? nullptr : it->second;
}

void EmulatedBus::set_hotplug_handler(usb::HotplugHandler handler)
{
    std::lock_guard lock(mutex_);
    hotplug_ = std::move(handler);
}

std::vector<usb::DeviceDescription> EmulatedBus::enumerate()
{
    std::lock_guard lock(mutex_);
    std::vector<usb::DeviceDescription> present;
    for (const auto& [location, emulator] : slots_) {
        if (emulator->connected())
            present.push_back(describe(location, *emulator));
    }
    return present;
}

std::unique_ptr<usb::DeviceHandle> EmulatedBus::open(const std::string& location)
{
    auto emulator = emulator_at(location);
    if (!emulator)
        throw usb::TransferError(usb::TransferErrorKind::not_found, "no device at " + location);
    if (!emulator->connected())
        throw usb::TransferError(usb::TransferErrorKind::disconnected,
                                 "device at " + location + " is unplugged");
    return std::make_unique<EmulatedHandle>(describe(location, *emulator), std::move(emulator));
}

usb::DeviceDescription EmulatedBus::describe(const std::string& location,
                                             const UsbDeviceEmulator& emulator) const
{
    auto description = emulator.description();
    description.location = location;
    return description;
}

} // namespace ktpel::sim
