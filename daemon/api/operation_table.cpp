// SPDX-License-Identifier: Apache-2.0
#include "operation_table.hpp"

#include <set>
#include <stdexcept>

namespace ktpel::daemon {

std::string Access::describe() const
{
    switch (kind) {
    case Kind::open:
        return "open";
    case Kind::session:
        return "session";
    case Kind::roles:
        break;
    }
    std::string text;
    for (const auto& role : roles)
        text += (text.empty() ? "" : "|") + role;
    return text;
}

void OperationTable::add(std::string name, std::string capability, Access access, Handler handler)
{
    if (entries_.contains(name))
        throw std::logic_error("operation " + name + " registered twice");
    entries_.emplace(std::move(name),
                     Entry{std::move(handler), std::move(capability), std::move(access)});
}

std::map<std::string, std::string> OperationTable::access_summary() const
{
    std::map<std::string, std::string> summary;
    for (const auto& [name, entry] : entries_)
        summary[name] = entry.access.describe();
    return summary;
}

const OperationTable::Entry* OperationTable::find(const std::string& name) const
{
    const auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second;
}

std::vector<std::string> OperationTable::names() const
{
    std::vector<std::string> names;
    for (const auto& [name, entry] : entries_)
        names.push_back(name);
    return names;
}

std::vector<std::string> OperationTable::capabilities() const
{
    std::set<std::string> unique;
    for (const auto& [name, entry] : entries_)
        unique.insert(entry.capability);
    return {unique.begin(), unique.end()};
}

} // namespace ktpel::daemon
