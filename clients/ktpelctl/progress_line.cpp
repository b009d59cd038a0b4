// SPDX-License-Identifier: Apache-2.0
#include "progress_line.hpp"

#include <array>
#include <cstdio>

namespace ktpelctl {
namespace {

// Carriage return plus "erase to end of line": redraw in place.
constexpr const char* kRewind = "\r\x1b[K";
constexpr std::array kSpinner = {'|', '/', '-', '\\'};
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);

} // namespace

std::string describe_stage(const nlohmann::json& progress)
{
    const std::string stage = progress.value("stage", std::string{});
    if (stage == "waiting_for_subject")
        return "waiting for the subject (place fingers on the scanner)";
    if (stage == "subject_detected")
        return "subject detected";
    if (stage == "capturing")
        return "capturing";
    if (stage == "transferring") {
        const auto percent = progress.find("percent");
        if (percent != progress.end() && percent->is_number())
            return "transferring " + std::to_string(percent->get<int>()) + "%";
        return "transferring";
    }
    if (stage == "processing")
        return "processing";
    return stage.empty() ? "working" : stage;
}

ProgressLine::ProgressLine(std::ostream& out, std::string label)
    : out_(out), label_(std::move(label))
{
    draw();
}

ProgressLine::~ProgressLine()
{
    clear();
}

void ProgressLine::update(const nlohmann::json& progress)
{
    stage_ = describe_stage(progress);
    if (const auto device = progress.find("device");
        device != progress.end() && device->is_string())
        label_ = device->get<std::string>();
    draw();
}

void ProgressLine::note(std::string text)
{
    note_ = std::move(text);
    draw();
}

void ProgressLine::tick()
{
    if (std::chrono::steady_clock::now() - drawn_ >= kRedrawEvery)
        draw();
}

void ProgressLine::clear()
{
    if (!visible_)
        return;
    out_ << kRewind << std::flush;
    visible_ = false;
}

void ProgressLine::draw()
{
    drawn_ = std::chrono::steady_clock::now();
    const auto elapsed = std::chrono::duration<double>(drawn_ - started_).count();
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f s", elapsed);
    out_ << kRewind << kSpinner[frame_++ % kSpinner.size()] << ' ' << label_ << ": " << stage_
         << "  " << seconds;
    if (!note_.empty())
        out_ << "  [" << note_ << ']';
    out_ << std::flush;
    visible_ = true;
}

} // namespace ktpelctl
