// SPDX-License-Identifier: Apache-2.0
// USB ids the KSP signature pad driver matches.
#pragma once

#include "../registry/driver_registry.hpp"

namespace ktpel::signpad {

// The project's own vendor space (see kip_usb_ids.hpp); 0x0f5x is kept
// for signature pads. Only the emulated pad (sim/
// signature_pad_emulator.cpp) answers at 0x0f50 today.
inline constexpr drivers::UsbId kSignaturePadId{0x2e5a, 0x0f50};

} // namespace ktpel::signpad
