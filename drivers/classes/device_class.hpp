// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string_view>

namespace ktpel::drivers {

enum class DeviceClass
{
    fingerprint_scanner,
    iris_scanner,
    camera,
    card_printer,
    card_encoder,
    signature_pad,
};

std::string_view to_string(DeviceClass device_class) noexcept;
std::optional<DeviceClass> device_class_from_string(std::string_view text) noexcept;

} // namespace ktpel::drivers
