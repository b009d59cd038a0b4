// SPDX-License-Identifier: Apache-2.0
// The seam a simulated station plugs into. The daemon knows only this
// interface; sim/station implements it, and the composition root creates
// one only in a build with simulation enabled (ARCHITECTURE.md, sim/).
#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "chip/smartcard_reader.hpp"
#include "drivers/transport/usb_transport.hpp"

namespace ktpel::daemon {

class DeviceManager;

// A fault the simulation cannot apply: unknown at that device, or with
// bad arguments. `details` names the argument and, for an unknown fault,
// the known ones.
class FaultRejected : public std::invalid_argument
{
public:
    FaultRejected(const std::string& why, nlohmann::json details)
        : std::invalid_argument(why), details_(std::move(details))
    {
    }
    const nlohmann::json& details() const noexcept { return details_; }

private:
    nlohmann::json details_;
};

class StationSimulation
{
public:
    virtual ~StationSimulation() = default;

    // The emulated buses the device manager enumerates.
    virtual usb::Bus& usb_bus() noexcept = 0;
    virtual smartcard::ReaderBus& reader_bus() noexcept = 0;

    // Applies `fault` to the device at `location` (sim.inject). Throws
    // FaultRejected for an unknown fault or bad arguments.
    virtual nlohmann::json inject(DeviceManager& manager, const std::string& location,
                                  const std::string& fault, const nlohmann::json& args) = 0;
    // True for the reader holding the simulation's KTP-el chip, also when
    // that reader is pcscd's (the chip program is steered over its socket).
    virtual bool simulates_reader(const std::string& location) const = 0;
};

} // namespace ktpel::daemon
