// SPDX-License-Identifier: Apache-2.0
// The failure the daemon's domain rooms (services, sop, devices, captures,
// ...) throw or hand back: a kind, a human message and details. It knows
// nothing of the wire; daemon/api turns it into the protocol's error.
#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "fault.hpp"

namespace ktpel::daemon {

class DomainError : public std::runtime_error
{
public:
    DomainError(Fault fault, std::string message,
                nlohmann::json details = nlohmann::json::object());

    Fault fault() const noexcept { return fault_; }
    const std::string& message() const noexcept { return message_; }
    const nlohmann::json& details() const noexcept { return details_; }
    // Whoever records the failure (a spoiled card's register entry) may
    // add what it learnt before the failure is reported.
    nlohmann::json& details() noexcept { return details_; }

private:
    Fault fault_;
    std::string message_;
    nlohmann::json details_;
};

} // namespace ktpel::daemon
