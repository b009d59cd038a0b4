// SPDX-License-Identifier: Apache-2.0
#include "libusb_handles.hpp"

#include "libusb_errors.hpp"

namespace ktpel::usb::libusb {

DeviceList::DeviceList(libusb_context* context)
{
    libusb_device** list = nullptr;
    const ssize_t count = libusb_get_device_list(context, &list);
    if (count < 0)
        throw_error(static_cast<int>(count), "listing USB devices");
    list_.reset(list);
    size_ = static_cast<std::size_t>(count);
}

} // namespace ktpel::usb::libusb
