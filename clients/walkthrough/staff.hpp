// SPDX-License-Identifier: Apache-2.0
// The officers on duty, and which of them performs a step: the one whose
// role the SOP names for it, as sop.describe reports.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "officer_desk.hpp"
#include "sop_guide.hpp"

namespace walkthrough {

class Staff
{
public:
    OfficerDesk& add(std::unique_ptr<OfficerDesk> desk);

    // Throws WalkthroughFailure when nobody on duty holds a role for it.
    OfficerDesk& performer_of(const SopStep& step) const;
    // Someone holding `role`; throws WalkthroughFailure if nobody does.
    OfficerDesk& holding(const std::string& role) const;
    // Someone holding none of `roles`: the wrong officer for a step.
    OfficerDesk& lacking(const std::vector<std::string>& roles) const;

    const std::vector<std::unique_ptr<OfficerDesk>>& desks() const noexcept { return desks_; }

private:
    std::vector<std::unique_ptr<OfficerDesk>> desks_;
};

} // namespace walkthrough
