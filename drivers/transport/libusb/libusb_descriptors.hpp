// SPDX-License-Identifier: Apache-2.0
// What a libusb device says about itself, in the transport's terms.
#pragma once

#include <cstdint>
#include <string>

#include <libusb.h>

#include "drivers/transport/usb_transport.hpp"

namespace ktpel::usb::libusb {

libusb_device_descriptor device_descriptor(libusb_device* device);

// "bus-port.port.port", the sysfs naming of the port chain, e.g. "1-4.3".
std::string location_of(libusb_device* device);

bool is_hub(const libusb_device_descriptor& descriptor) noexcept;

// Reads string descriptor `index` in the device's first language, decoded
// from UTF-16 to UTF-8. Blocks for up to a few hundred milliseconds per
// request; returns an empty string for index 0 or on any failure, because
// names and serials are informational and many devices botch them.
std::string read_string(libusb_device_handle* handle, std::uint8_t index);

// Vendor and product ids and the location; strings are read through
// `handle` when one is given, and left empty otherwise.
DeviceDescription describe(libusb_device* device, libusb_device_handle* handle);

} // namespace ktpel::usb::libusb
