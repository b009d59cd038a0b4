// SPDX-License-Identifier: Apache-2.0
// The SOP as the daemon describes it (sop.describe): the walk-through
// takes titles, roles, standard times and the time scale from there, so it
// narrates the SOP the station actually enforces.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace walkthrough {

struct SopStep
{
    std::string id;
    int number = 0;
    std::string title_id; // Indonesian: the SOP's authoritative wording
    std::string title_en;
    std::string actor;
    std::vector<std::string> roles; // who may perform it
    std::chrono::milliseconds standard{0};
    std::vector<std::string> permitted_operations;
    bool can_skip = false;
};

class SopGuide
{
public:
    // Throws WalkthroughFailure when the description lacks what we need.
    static SopGuide from_description(const nlohmann::json& description);

    const std::string& id() const noexcept { return id_; }
    const std::string& number() const noexcept { return number_; }
    const std::string& name_id() const noexcept { return name_id_; }
    const std::string& name_en() const noexcept { return name_en_; }
    int time_scale() const noexcept { return time_scale_; }
    std::chrono::milliseconds total_standard() const noexcept { return total_standard_; }
    std::size_t step_count() const noexcept { return steps_.size(); }

    // Throws WalkthroughFailure for a step this SOP lacks: the walk-through
    // follows the seed SOP (config/sop/ktp-el-tuntas.yaml).
    const SopStep& step(const std::string& id) const;
    // A step's standard time as the daemon times it: divided by the scale.
    std::chrono::milliseconds scaled_standard(const SopStep& step) const;

private:
    std::string id_;
    std::string number_;
    std::string name_id_;
    std::string name_en_;
    int time_scale_ = 1;
    std::chrono::milliseconds total_standard_{0};
    std::vector<SopStep> steps_;
};

} // namespace walkthrough
