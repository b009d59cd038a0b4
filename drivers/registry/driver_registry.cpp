// SPDX-License-Identifier: Apache-2.0
#include "driver_registry.hpp"

#include <algorithm>

namespace ktpel::drivers {

DriverRegistry& DriverRegistry::instance()
{
    static DriverRegistry registry;
    return registry;
}

bool DriverRegistry::add(DriverDescriptor descriptor)
{
    if (find(descriptor.name))
        return false;
    drivers_.push_back(std::move(descriptor));
    return true;
}

const DriverDescriptor* DriverRegistry::find(std::string_view name) const
{
    const auto it = std::find_if(drivers_.begin(), drivers_.end(),
                                 [&](const DriverDescriptor& d) { return d.name == name; });
    return it == drivers_.end() ? nullptr : &*it;
}

} // namespace ktpel::drivers
