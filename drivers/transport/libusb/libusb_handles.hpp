// SPDX-License-Identifier: Apache-2.0
// Owning wrappers for the libusb objects the transport holds, so that every
// early return and exception path gives them back.
#pragma once

#include <cstddef>
#include <memory>
#include <span>

#include <libusb.h>

namespace ktpel::usb::libusb {

struct ContextDeleter
{
    void operator()(libusb_context* context) const noexcept { libusb_exit(context); }
};
using ContextPtr = std::unique_ptr<libusb_context, ContextDeleter>;

// A device reference taken with libusb_ref_device (or handed out by
// libusb_get_device_list), so the libusb_device outlives the list or the
// hotplug callback it came from.
struct DeviceRefDeleter
{
    void operator()(libusb_device* device) const noexcept { libusb_unref_device(device); }
};
using DeviceRef = std::unique_ptr<libusb_device, DeviceRefDeleter>;

inline DeviceRef ref_device(libusb_device* device)
{
    return DeviceRef(libusb_ref_device(device));
}

struct DeviceHandleDeleter
{
    void operator()(libusb_device_handle* handle) const noexcept { libusb_close(handle); }
};
using DeviceHandlePtr = std::unique_ptr<libusb_device_handle, DeviceHandleDeleter>;

// Freeing an in-flight transfer is undefined behaviour in libusb: only let
// one of these go out of scope once its callback has run.
struct TransferDeleter
{
    void operator()(libusb_transfer* transfer) const noexcept { libusb_free_transfer(transfer); }
};
using TransferPtr = std::unique_ptr<libusb_transfer, TransferDeleter>;

// The result of libusb_get_device_list. Freeing with unref_devices = 1
// drops the list's references; keep a DeviceRef for any device that must
// outlive the list.
class DeviceList
{
public:
    explicit DeviceList(libusb_context* context);

    std::span<libusb_device* const> devices() const noexcept { return {list_.get(), size_}; }

private:
    struct Deleter
    {
        void operator()(libusb_device** list) const noexcept { libusb_free_device_list(list, 1); }
    };
    std::unique_ptr<libusb_device*, Deleter> list_;
    std::size_t size_ = 0;
};

// A registered hotplug callback; deregistered before the context goes.
class HotplugRegistration
{
public:
    HotplugRegistration(libusb_context* context, libusb_hotplug_callback_handle handle) noexcept
        : context_(context), handle_(handle)
    {
    }
    ~HotplugRegistration() { libusb_hotplug_deregister_callback(context_, handle_); }
    HotplugRegistration(const HotplugRegistration&) = delete;
    HotplugRegistration& operator=(const HotplugRegistration&) = delete;

private:
    libusb_context* context_;
    libusb_hotplug_callback_handle handle_;
};

} // namespace ktpel::usb::libusb
