// SPDX-License-Identifier: Apache-2.0
// The one-line progress indicator ktpelctl shows on a terminal while a
// long operation runs, fed by the daemon's op.progress events.
#pragma once

#include <chrono>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace ktpelctl {

class ProgressLine
{
public:
    ProgressLine(std::ostream& out, std::string label);
    ~ProgressLine();
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    // The data of an op.progress event: "stage" and maybe "percent".
    void update(const nlohmann::json& progress);
    // Something the user did, e.g. "cancelling", shown after the stage.
    void note(std::string text);
    // Redraws the spinner and elapsed time so a silent wait still moves.
    void tick();
    // Erases the line, so what follows starts on a clean one.
    void clear();

private:
    void draw();

    std::ostream& out_;
    std::string label_;
    std::string stage_ = "sending request";
    std::string note_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point drawn_{};
    unsigned frame_ = 0;
    bool visible_ = false;
};

// Words for the fixed stage vocabulary of docs/protocol.md; unknown
// (newer) stages are shown as they are.
std::string describe_stage(const nlohmann::json& progress);

} // namespace ktpelctl
