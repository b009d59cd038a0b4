// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>

#include "libusb_event_pump.hpp"
#include "libusb_handles.hpp"

namespace ktpel::usb::libusb {

// What the bus and every handle opened from it share: device handles may
// outlive the bus object, and libusb_exit must wait for the last of them.
struct Session
{
    ContextPtr context; // declared first: destroyed after the pump
    std::shared_ptr<EventPump> pump;
};

} // namespace ktpel::usb::libusb
