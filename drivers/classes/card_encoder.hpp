// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include "device.hpp"

namespace ktpel::drivers {

struct CardPresence
{
    bool present = false;
    std::vector<std::uint8_t> atr; // answer to reset, when present
};

class CardEncoder : public Device
{
public:
    DeviceClass device_class() const noexcept final { return DeviceClass::card_encoder; }

    virtual CardPresence detect_card(const OperationContext& context) = 0;
};

} // namespace ktpel::drivers
