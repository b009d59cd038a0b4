// SPDX-License-Identifier: Apache-2.0
#include "libusb_bus.hpp"

#include <chrono>
#include <utility>

#include <boost/asio/post.hpp>

#include "libusb_descriptors.hpp"
#include "libusb_device_handle.hpp"
#include "libusb_errors.hpp"

namespace ktpel::usb {

namespace asio = boost::asio;

namespace {

// Without hotplug support, how stale the daemon's view of the bus may get.
constexpr std::chrono::seconds kPollInterval{1};

std::shared_ptr<libusb::Session> open_session(asio::io_context& io)
{
    libusb_context* raw = nullptr;
    const int result = libusb_init(&raw);
    if (result != LIBUSB_SUCCESS)
        libusb::throw_error(result, "initialising libusb");
    libusb::ContextPtr context(raw);
    auto session = std::make_shared<libusb::Session>();
    session->pump = libusb::EventPump::start(io, context.get());
    session->context = std::move(context);
    return session;
}

std::pair<std::uint8_t, std::uint8_t> key_of(libusb_device* device)
{
    return {libusb_get_bus_number(device), libusb_get_device_address(device)};
}

// Enumeration must not fail because one device refuses to be opened (no
// permission, claimed elsewhere, already gone): that device is described
// without its strings.
DeviceDescription describe_opening(libusb_device* device)
{
    libusb_device_handle* raw = nullptr;
    if (libusb_open(device, &raw) != LIBUSB_SUCCESS)
        return libusb::describe(device, nullptr);
    const libusb::DeviceHandlePtr handle(raw);
    return libusb::describe(device, handle.get());
}

} // namespace

LibusbBus::LibusbBus(asio::io_context& io) : io_(io), session_(open_session(io)), poll_timer_(io)
{
    if (!libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG))
        return;
    // Registered here, before anyone can call enumerate(), so that no
    // arrival falls between the two; no ENUMERATE flag, because devices
    // already present are enumerate()'s to report.
    libusb_hotplug_callback_handle handle = 0;
    const int result = libusb_hotplug_register_callback(
        session_->context.get(),
        LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT,
        LIBUSB_HOTPLUG_NO_FLAGS, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
        LIBUSB_HOTPLUG_MATCH_ANY, &on_hotplug, this, &handle);
    if (result != LIBUSB_SUCCESS)
        libusb::throw_error(result, "registering for USB hotplug events");
    hotplug_.emplace(session_->context.get(), handle);
}

LibusbBus::~LibusbBus() = default;

void LibusbBus::set_hotplug_handler(HotplugHandler handler)
{
    std::lock_guard lock(mutex_);
    handler_ = std::move(handler);
}

std::vector<DeviceDescription> LibusbBus::enumerate()
{
    Devices present = scan();
    std::vector<DeviceDescription> descriptions;
    descriptions.reserve(present.size());
    for (const auto& [key, description] : present)
        descriptions.push_back(description);
    {
        std::lock_guard lock(mutex_);
        known_ = std::move(present);
    }
    if (!hotplug_ && !polling_) {
        polling_ = true;
        schedule_poll();
    }
    return descriptions;
}

std::unique_ptr<DeviceHandle> LibusbBus::open(const std::string& location)
{
    const libusb::DeviceList list(session_->context.get());
    for (libusb_device* device : list.devices()) {
        if (libusb::is_hub(libusb::device_descriptor(device)) ||
            libusb::location_of(device) != location)
            continue;

        libusb_device_handle* raw = nullptr;
        const int opened = libusb_open(device, &raw);
        if (opened != LIBUSB_SUCCESS)
            libusb::throw_error(opened, "opening the USB device at " + location);
        libusb::DeviceHandlePtr handle(raw);

        // NOT_SUPPORTED: the platform has no kernel drivers to detach.
        const int detach = libusb_set_auto_detach_kernel_driver(handle.get(), 1);
        if (detach != LIBUSB_SUCCESS && detach != LIBUSB_ERROR_NOT_SUPPORTED)
            libusb::throw_error(detach, "enabling kernel driver auto-detach at " + location);

        std::optional<DeviceDescription> description;
        {
            std::lock_guard lock(mutex_);
            if (const auto it = known_.find(key_of(device)); it != known_.end())
                description = it->second;
        }
        if (!description)
            description = libusb::describe(device, handle.get());
        return std::make_unique<libusb::LibusbDeviceHandle>(session_, std::move(handle),
                                                            std::move(*description));
    }
    throw TransferError(TransferErrorKind::not_found, "no USB device at " + location);
}

// Runs inside libusb_handle_events, where synchronous libusb calls (reading
// strings) would re-enter event handling: take a reference and finish on
// the loop once libusb has returned.
int LibusbBus::on_hotplug(libusb_context* /*context*/, libusb_device* device,
                          libusb_hotplug_event event, void* user_data) noexcept
{
    // The session rides along so that the device reference is dropped before
    // libusb_exit even if the bus goes away first (members are destroyed in
    // reverse order).
    struct Pending
    {
        std::shared_ptr<libusb::Session> session;
        libusb::DeviceRef device;
    };
    auto& bus = *static_cast<LibusbBus*>(user_data);
    asio::post(bus.io_, [weak = std::weak_ptr(bus.self_),
                         pending = Pending{bus.session_, libusb::ref_device(device)}, event] {
        const auto self = weak.lock();
        if (!self)
            return;
        if (event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED)
            self->device_arrived(pending.device.get());
        else
            self->device_left(pending.device.get());
    });
    return 0; // stay registered
}

void LibusbBus::device_arrived(libusb_device* device)
{
    if (libusb::is_hub(libusb::device_descriptor(device)))
        return;
    const DeviceKey key = key_of(device);
    {
        std::lock_guard lock(mutex_);
        if (known_.contains(key)) // enumerate() got there first
            return;
    }
    DeviceDescription description = describe_opening(device);
    {
        std::lock_guard lock(mutex_);
        if (!known_.emplace(key, description).second)
            return;
    }
    notify(HotplugEvent::arrived, description);
}

void LibusbBus::device_left(libusb_device* device)
{
    // The strings cannot be read from a device that is gone; the
    // description is the one reported when it arrived.
    DeviceDescription description;
    {
        std::lock_guard lock(mutex_);
        const auto it = known_.find(key_of(device));
        if (it == known_.end()) // a hub, or never reported
            return;
        description = std::move(it->second);
        known_.erase(it);
    }
    notify(HotplugEvent::left, description);
}

void LibusbBus::schedule_poll()
{
    poll_timer_.expires_after(kPollInterval);
    poll_timer_.async_wait([weak = std::weak_ptr(self_)](const boost::system::error_code& error) {
        const auto bus = weak.lock();
        if (bus && !error)
            bus->poll_for_changes();
    });
}

void LibusbBus::poll_for_changes()
{
    Devices present = scan();
    std::vector<std::pair<HotplugEvent, DeviceDescription>> changes;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [key, description] : known_) {
            if (!present.contains(key))
                changes.emplace_back(HotplugEvent::left, description);
        }
        for (const auto& [key, description] : present) {
            if (!known_.contains(key))
                changes.emplace_back(HotplugEvent::arrived, description);
        }
        known_ = std::move(present);
    }
    schedule_poll();
    for (const auto& [event, description] : changes)
        notify(event, description);
}

LibusbBus::Devices LibusbBus::scan()
{
    Devices already_known;
    {
        std::lock_guard lock(mutex_);
        already_known = known_;
    }
    const libusb::DeviceList list(session_->context.get());
    Devices present;
    for (libusb_device* device : list.devices()) {
        if (libusb::is_hub(libusb::device_descriptor(device)))
            continue;
        const DeviceKey key = key_of(device);
        // Reading strings means opening the device and talking to it; a
        // device seen before at the same address is the same device.
        const auto known = already_known.find(key);
        present.emplace(key,
                        known != already_known.end() ? known->second : describe_opening(device));
    }
    return present;
}

void LibusbBus::notify(HotplugEvent event, const DeviceDescription& description)
{
    HotplugHandler handler;
    {
        std::lock_guard lock(mutex_);
        handler = handler_;
    }
    if (handler)
        handler(event, description);
}

} // namespace ktpel::usb
