// SPDX-License-Identifier: Apache-2.0
// The walk-through's printed story: what each officer does at each step,
// how long it took against the SOP's standard, and what the SOP refused.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include <ktpel/error.hpp>
#include <ktpel/message.hpp>

#include "officer_desk.hpp"
#include "sop_guide.hpp"

namespace walkthrough {

// The first service is told in full; the shorter ones that follow only
// need a line per step to make their point.
enum class Detail
{
    full,
    brief
};

class Narrator
{
public:
    Narrator(std::ostream& out, std::size_t step_count) : out_(out), step_count_(step_count) {}

    void banner(const std::string& title);
    void line(const std::string& text);
    // An aside inside a step, under its heading.
    void note(const std::string& text);

    void step_begins(const SopStep& step, const OfficerDesk& desk, Detail detail);
    // `record` is the step's row from the application the daemon returned.
    void step_ends(const SopStep& step, const nlohmann::json& record, Detail detail);
    void step_skipped(const SopStep& step, const nlohmann::json& record, Detail detail);

    // A guard rail holding: what was tried, and the daemon's refusal.
    void refusal(const std::string& attempt, const OfficerDesk& desk, const std::string& op,
                 const ktpel::Error& error);
    // One image of a capture: geometry, size of the blob and hash prefix.
    void image(const std::string& label, const nlohmann::json& image, std::size_t bytes);
    void event(const ktpel::Event& event);

private:
    std::string step_tag(const SopStep& step) const;

    std::ostream& out_;
    std::size_t step_count_;
};

// m:ss of a duration, rounded to the second.
std::string minutes_seconds(std::chrono::milliseconds duration);

// "3.00 s allowed (standard 3:00 at 1/60 time)" on an accelerated station,
// "3:00 standard" at the real pace.
std::string allowed_time(std::chrono::milliseconds standard, int time_scale);

// "4.12 s of the 3.00 s allowed (standard 3:00 at 1/60 time)" on an
// accelerated station, "2:41 of the 3:00 standard" at the real pace.
std::string elapsed_vs_standard(std::chrono::milliseconds elapsed,
                                std::chrono::milliseconds standard, int time_scale);

} // namespace walkthrough
