// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>
#include <vector>

#include "call.hpp"

namespace ktpel::daemon {

// The operations the daemon offers, by name. Each ops/*.cpp file adds its
// own; the API server only looks them up.
class OperationTable
{
public:
    using Handler = std::function<void(const CallPtr&)>;

    struct Entry
    {
        Handler handler;
        std::string capability; // what `hello` advertises it under
    };

    void add(std::string name, std::string capability, Handler handler);
    const Entry* find(const std::string& name) const;
    std::vector<std::string> names() const;
    std::vector<std::string> capabilities() const;

private:
    std::map<std::string, Entry> entries_;
};

} // namespace ktpel::daemon
