// SPDX-License-Identifier: Apache-2.0
#include "staff.hpp"

#include <algorithm>

#include "walkthrough_error.hpp"

namespace walkthrough {
namespace {

bool holds_any(const OfficerDesk& desk, const std::vector<std::string>& roles)
{
    return std::any_of(roles.begin(), roles.end(),
                       [&](const std::string& role) { return desk.roles().contains(role); });
}

std::string listed(const std::vector<std::string>& roles)
{
    std::string text;
    for (const auto& role : roles)
        text += (text.empty() ? "" : ", ") + role;
    return text;
}

} // namespace

OfficerDesk& Staff::add(std::unique_ptr<OfficerDesk> desk)
{
    desks_.push_back(std::move(desk));
    return *desks_.back();
}

OfficerDesk& Staff::performer_of(const SopStep& step) const
{
    for (const auto& desk : desks_) {
        if (holds_any(*desk, step.roles))
            return *desk;
    }
    throw WalkthroughFailure("nobody on duty may perform step " + std::to_string(step.number) +
                             " (" + step.id + "): it needs one of " + listed(step.roles));
}

OfficerDesk& Staff::holding(const std::string& role) const
{
    for (const auto& desk : desks_) {
        if (desk->roles().contains(role))
            return *desk;
    }
    throw WalkthroughFailure("nobody on duty holds the role " + role);
}

OfficerDesk& Staff::lacking(const std::vector<std::string>& roles) const
{
    for (const auto& desk : desks_) {
        if (!holds_any(*desk, roles))
            return *desk;
    }
    throw WalkthroughFailure("everybody on duty holds one of " + listed(roles));
}

} // namespace walkthrough
