// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>

#include "device.hpp"

namespace ktpel::drivers {

// The printer's own view of itself, as its status and sensor queries
// report it.
struct PrinterStatus
{
    bool ready = false;
    std::string condition; // "ready", "cover_open", "feeder_empty", "ribbon_ended", "card_jam", ...
    std::optional<int> ribbon_panels_left;
    std::optional<int> cards_in_hopper;
    std::string raw; // the printer's reply, verbatim, for technicians
};

class CardPrinter : public Device
{
public:
    DeviceClass device_class() const noexcept final { return DeviceClass::card_printer; }

    virtual PrinterStatus query_status(const OperationContext& context) = 0;
};

} // namespace ktpel::drivers
