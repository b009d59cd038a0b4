// SPDX-License-Identifier: Apache-2.0
#include "integer_options.hpp"

namespace ktpel::usb {

bool IntegerOptions::read_value(const char* name, std::int64_t low, std::int64_t high,
                                std::int64_t& value)
{
    if (!options_.is_object())
        return false;
    const auto it = options_.find(name);
    if (it == options_.end())
        return false;
    if (!it->is_number_integer() || it->get<std::int64_t>() < low ||
        it->get<std::int64_t>() > high) {
        error_ = std::string("option ") + name + " must be an integer from " + std::to_string(low) +
                 " to " + std::to_string(high);
        return false;
    }
    value = it->get<std::int64_t>();
    return true;
}

void read_interface_layout(IntegerOptions& options, InterfaceLayout& layout)
{
    options.read("interface", 0, 255, layout.interface_number);
    options.read("bulk_out", 0x01, 0x0f, layout.bulk_out);
    options.read("bulk_in", 0x81, 0x8f, layout.bulk_in);
    options.read("interrupt_in", 0x81, 0x8f, layout.interrupt_in);
}

} // namespace ktpel::usb
