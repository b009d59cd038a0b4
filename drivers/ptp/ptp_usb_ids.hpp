// SPDX-License-Identifier: Apache-2.0
// USB ids the PTP camera driver matches.
#pragma once

#include "../registry/driver_registry.hpp"

namespace ktpel::ptp {

// The emulated PTP camera (sim/emulators/ptp_camera_emulator.cpp): in the
// project's own vendor space (see kip_usb_ids.hpp), product 0x0fe0, which
// no hardware uses. A real DSLR is added here by its own vendor/product
// pair: the registry matches ids only, not the Still Image interface
// class (06/01/01), so "any PTP camera" cannot be expressed.
inline constexpr drivers::UsbId kEmulatedCameraId{0x2e5a, 0x0fe0};

// USB Still Image Capture Device interface class, for the day the
// registry can match on it.
inline constexpr std::uint8_t kStillImageClass = 0x06;
inline constexpr std::uint8_t kStillImageSubclass = 0x01;
inline constexpr std::uint8_t kStillImageProtocol = 0x01;

} // namespace ktpel::ptp
