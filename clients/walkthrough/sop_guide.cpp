// SPDX-License-Identifier: Apache-2.0
#include "sop_guide.hpp"

#include <algorithm>

#include "walkthrough_error.hpp"

namespace walkthrough {

using nlohmann::json;

SopGuide SopGuide::from_description(const json& description)
{
    try {
        SopGuide guide;
        guide.id_ = description.at("id").get<std::string>();
        guide.number_ = description.value("number", std::string{});
        guide.name_id_ = description.value("name_id", std::string{});
        guide.name_en_ = description.value("name_en", std::string{});
        guide.time_scale_ = std::max(description.value("time_scale", 1), 1);
        guide.total_standard_ =
            std::chrono::seconds(description.value("total_standard_s", std::int64_t{0}));
        for (const auto& entry : description.at("steps")) {
            SopStep step;
            step.id = entry.at("id").get<std::string>();
            step.number = entry.at("number").get<int>();
            step.title_id = entry.value("title_id", std::string{});
            step.title_en = entry.value("title_en", std::string{});
            step.actor = entry.value("actor", std::string{});
            step.roles = entry.at("roles").get<std::vector<std::string>>();
            step.standard = std::chrono::seconds(entry.at("standard_s").get<std::int64_t>());
            step.permitted_operations =
                entry.value("permitted_operations", std::vector<std::string>{});
            step.can_skip = entry.value("can_skip", false);
            guide.steps_.push_back(std::move(step));
        }
        return guide;
    } catch (const json::exception& e) {
        throw WalkthroughFailure(std::string("sop.describe: unexpected description: ") + e.what());
    }
}

const SopStep& SopGuide::step(const std::string& id) const
{
    const auto found =
        std::find_if(steps_.begin(), steps_.end(), [&](const SopStep& s) { return s.id == id; });
    if (found == steps_.end())
        throw WalkthroughFailure("the daemon's SOP " + id_ + " has no step \"" + id +
                                 "\": the walk-through follows the seed SOP ktp-el-tuntas");
    return *found;
}

std::chrono::milliseconds SopGuide::scaled_standard(const SopStep& step) const
{
    return step.standard / time_scale_;
}

} // namespace walkthrough
