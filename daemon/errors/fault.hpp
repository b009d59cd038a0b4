// SPDX-License-Identifier: Apache-2.0
// What kind of failure the daemon's domain reports. Named for the station
// (the SOP, its devices, its officers), not for the wire: daemon/api maps
// each kind to a protocol error code in one table (domain_error_mapping).
#pragma once

#include <array>

namespace ktpel::daemon {

enum class Fault
{
    invalid_input,      // an argument or a supplied value the domain refuses
    forbidden,          // the officer's roles do not allow it
    sop_order,          // the SOP does not allow this now
    not_found,          // the named application, step, device or capture does not exist
    device_absent,      // the device is configured but not plugged in, or was unplugged
    device_busy,        // the device is claimed by another request
    device_error,       // the device failed (hardware, or its own protocol)
    no_subject,         // the device saw no finger, eye or face before the deadline
    timeout,            // the operation's deadline passed
    cancelled,          // the operation was stopped before it finished
    shutting_down,      // the daemon is stopping and takes no new work
    resource_exhausted, // a daemon-wide bound (memory for held captures) is reached
    card_error,         // the card, not the device, refused or failed
    internal,           // a bug in ktpeld
};

// Every kind, so that a test can prove each one has its protocol code.
inline constexpr std::array kEveryFault{
    Fault::invalid_input, Fault::forbidden,   Fault::sop_order,     Fault::not_found,
    Fault::device_absent, Fault::device_busy, Fault::device_error,  Fault::no_subject,
    Fault::timeout,       Fault::cancelled,   Fault::shutting_down, Fault::resource_exhausted,
    Fault::card_error,    Fault::internal,
};

} // namespace ktpel::daemon
