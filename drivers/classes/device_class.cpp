// SPDX-License-Identifier: Apache-2.0
#include "device_class.hpp"

#include <array>
#include <utility>

#include "operation_context.hpp"

namespace ktpel::drivers {
namespace {

constexpr std::array kClassNames = {
    std::pair{DeviceClass::fingerprint_scanner, std::string_view{"fingerprint_scanner"}},
    std::pair{DeviceClass::iris_scanner, std::string_view{"iris_scanner"}},
    std::pair{DeviceClass::camera, std::string_view{"camera"}},
    std::pair{DeviceClass::card_printer, std::string_view{"card_printer"}},
    std::pair{DeviceClass::card_encoder, std::string_view{"card_encoder"}},
    std::pair{DeviceClass::signature_pad, std::string_view{"signature_pad"}},
};

} // namespace

std::string_view to_string(DeviceClass device_class) noexcept
{
    for (const auto& [value, name] : kClassNames) {
        if (value == device_class)
            return name;
    }
    return "unknown";
}

std::optional<DeviceClass> device_class_from_string(std::string_view text) noexcept
{
    for (const auto& [value, name] : kClassNames) {
        if (name == text)
            return value;
    }
    return std::nullopt;
}

std::string_view to_string(ProgressStage stage) noexcept
{
    switch (stage) {
    case ProgressStage::waiting_for_subject:
        return "waiting_for_subject";
    case ProgressStage::subject_detected:
        return "subject_detected";
    case ProgressStage::capturing:
        return "capturing";
    case ProgressStage::transferring:
        return "transferring";
    case ProgressStage::processing:
        return "processing";
    }
    return "processing";
}

} // namespace ktpel::drivers
