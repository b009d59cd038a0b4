// SPDX-License-Identifier: Apache-2.0
// USB ids of the KIP imaging family.
#pragma once

#include "../registry/driver_registry.hpp"

namespace ktpel::kip {

inline constexpr std::uint16_t kVendorId = 0x2e5a;
inline constexpr drivers::UsbId kSlapScannerId{kVendorId, 0x0f01};
inline constexpr drivers::UsbId kIrisScannerId{kVendorId, 0x0f02};
inline constexpr drivers::UsbId kCameraId{kVendorId, 0x0f03};

} // namespace ktpel::kip
