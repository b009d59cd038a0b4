// SPDX-License-Identifier: Apache-2.0
// The USB bus on real hardware, through libusb. Its events ride the
// daemon's asio loop (see libusb_event_pump.hpp); docs/usb-transport.md has
// the whole picture.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "drivers/transport/usb_transport.hpp"
#include "libusb_handles.hpp"
#include "libusb_session.hpp"

namespace ktpel::usb {

// Hubs are left out of enumeration and hotplug: no driver talks to one, and
// describing one would mean opening it.
//
// Construct, use and destroy it on the loop thread (or while the loop is
// not running); hotplug handlers run on the loop thread. Handles from open()
// may be used and destroyed on any thread, and may outlive the bus, but not
// the io_context.
class LibusbBus final : public Bus
{
public:
    explicit LibusbBus(boost::asio::io_context& io);
    ~LibusbBus() override;

    void set_hotplug_handler(HotplugHandler handler) override;
    std::vector<DeviceDescription> enumerate() override;
    std::unique_ptr<DeviceHandle> open(const std::string& location) override;

private:
    // Bus number and address: unique among plugged-in devices, and an
    // unplug-replug gets a new address.
    using DeviceKey = std::pair<std::uint8_t, std::uint8_t>;
    using Devices = std::map<DeviceKey, DeviceDescription>;

    static int LIBUSB_CALL on_hotplug(libusb_context* context, libusb_device* device,
                                      libusb_hotplug_event event, void* user_data) noexcept;
    void device_arrived(libusb_device* device);
    void device_left(libusb_device* device);
    void schedule_poll();
    void poll_for_changes();
    Devices scan();
    void notify(HotplugEvent event, const DeviceDescription& description);

    boost::asio::io_context& io_;
    std::shared_ptr<libusb::Session> session_;
    std::optional<libusb::HotplugRegistration> hotplug_;
    // Only without hotplug support: enumerate() starts polling for changes.
    boost::asio::steady_timer poll_timer_;
    bool polling_ = false;

    std::mutex mutex_;
    HotplugHandler handler_;
    Devices known_; // what enumerate() or a hotplug event has reported

    // Declared last, so it expires first: work posted to the loop checks it
    // before touching the bus.
    std::shared_ptr<LibusbBus> self_{this, [](LibusbBus*) {
                                     }};
};

} // namespace ktpel::usb
