// SPDX-License-Identifier: Apache-2.0
// Reads bounded integer options from a device's options object, keeping
// the first complaint for probe() to report: how every USB driver family
// takes its interface layout and timings from the station config.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "usb_interface_layout.hpp"

namespace ktpel::usb {

class IntegerOptions
{
public:
    // Options that are not an object hold nothing: every default stands.
    explicit IntegerOptions(const nlohmann::json& options) : options_(options) {}

    // Leaves `target` alone when the option is absent or out of
    // [low, high]; the latter is remembered as error().
    template <typename Integer>
    void read(const char* name, std::int64_t low, std::int64_t high, Integer& target)
    {
        std::int64_t value = static_cast<std::int64_t>(target);
        if (read_value(name, low, high, value))
            target = static_cast<Integer>(value);
    }

    // The last bad option, "" when all were good.
    const std::string& error() const noexcept { return error_; }

private:
    bool read_value(const char* name, std::int64_t low, std::int64_t high, std::int64_t& value);

    const nlohmann::json& options_;
    std::string error_;
};

// The options "interface", "bulk_out", "bulk_in" and "interrupt_in".
void read_interface_layout(IntegerOptions& options, InterfaceLayout& layout);

} // namespace ktpel::usb
