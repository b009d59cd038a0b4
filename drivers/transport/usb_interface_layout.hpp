// SPDX-License-Identifier: Apache-2.0
// Where a device's USB interface lives: its number and the bulk OUT, bulk
// IN and interrupt IN endpoints, the shape PTP cameras and KSP pads share.
// The transport cannot read descriptors, so these come from the device's
// options (read_interface_layout).
#pragma once

#include <cstdint>

namespace ktpel::usb {

struct InterfaceLayout
{
    int interface_number = 0;
    std::uint8_t bulk_out = 0x01;
    std::uint8_t bulk_in = 0x82;
    std::uint8_t interrupt_in = 0x83;
};

} // namespace ktpel::usb
