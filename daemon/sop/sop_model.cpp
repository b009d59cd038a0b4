// SPDX-License-Identifier: Apache-2.0
#include "sop_model.hpp"

#include <algorithm>

namespace ktpel::sop {

const Step* Sop::find_step(const std::string& id) const
{
    const auto found =
        std::find_if(steps.begin(), steps.end(), [&](const Step& step) { return step.id == id; });
    return found == steps.end() ? nullptr : &*found;
}

const Role* Sop::find_role(const std::string& id) const
{
    const auto found =
        std::find_if(roles.begin(), roles.end(), [&](const Role& role) { return role.id == id; });
    return found == roles.end() ? nullptr : &*found;
}

const Role* Sop::applicant_role() const
{
    const auto found =
        std::find_if(roles.begin(), roles.end(), [](const Role& role) { return role.applicant; });
    return found == roles.end() ? nullptr : &*found;
}

const Role* Sop::supervisor_role() const
{
    const auto found =
        std::find_if(roles.begin(), roles.end(), [](const Role& role) { return role.supervisor; });
    return found == roles.end() ? nullptr : &*found;
}

std::chrono::seconds Sop::total_standard_time() const
{
    std::chrono::seconds total{0};
    for (const auto& step : steps)
        total += step.standard_time;
    return total;
}

} // namespace ktpel::sop
