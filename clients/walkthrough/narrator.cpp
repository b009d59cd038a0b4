// SPDX-License-Identifier: Apache-2.0
#include "narrator.hpp"

#include <algorithm>
#include <cstdio>

namespace walkthrough {

using nlohmann::json;

namespace {

constexpr const char* kIndent = "      "; // under "[n/8] "

// Hundredths: on an accelerated station an overrun can be a few
// milliseconds, and "3.0 s of the 3.0 s allowed" would hide it.
std::string seconds_with_hundredths(std::chrono::milliseconds duration)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f s", static_cast<double>(duration.count()) / 1000.0);
    return text;
}

std::chrono::milliseconds ms(const json& object, const char* key)
{
    return std::chrono::milliseconds(object.value(key, std::int64_t{0}));
}

std::string how_long(const json& record)
{
    return elapsed_vs_standard(ms(record, "duration_ms"), ms(record, "standard_ms"),
                               record.value("time_scale", 1));
}

} // namespace

std::string minutes_seconds(std::chrono::milliseconds duration)
{
    const auto seconds = (std::max<std::int64_t>(duration.count(), 0) + 500) / 1000;
    char text[32];
    std::snprintf(text, sizeof text, "%lld:%02lld", static_cast<long long>(seconds / 60),
                  static_cast<long long>(seconds % 60));
    return text;
}

std::string allowed_time(std::chrono::milliseconds standard, int time_scale)
{
    if (time_scale <= 1)
        return minutes_seconds(standard) + " standard";
    return seconds_with_hundredths(standard / time_scale) + " allowed (standard " +
           minutes_seconds(standard) + " at 1/" + std::to_string(time_scale) + " time)";
}

std::string elapsed_vs_standard(std::chrono::milliseconds elapsed,
                                std::chrono::milliseconds standard, int time_scale)
{
    const auto measured =
        time_scale <= 1 ? minutes_seconds(elapsed) : seconds_with_hundredths(elapsed);
    return measured + " of the " + allowed_time(standard, time_scale);
}

void Narrator::banner(const std::string& title)
{
    out_ << "\n== " << title << '\n' << std::flush;
}

void Narrator::line(const std::string& text)
{
    out_ << text << '\n' << std::flush;
}

void Narrator::note(const std::string& text)
{
    out_ << kIndent << text << '\n' << std::flush;
}

std::string Narrator::step_tag(const SopStep& step) const
{
    return "[" + std::to_string(step.number) + "/" + std::to_string(step_count_) + "]";
}

void Narrator::step_begins(const SopStep& step, const OfficerDesk& desk, Detail detail)
{
    if (detail == Detail::brief)
        return; // the closing line says it all
    out_ << '\n'
         << step_tag(step) << ' ' << step.title_id << '\n'
         << kIndent << step.title_en << '\n'
         << kIndent << "officer: " << desk.introduction() << '\n'
         << std::flush;
}

void Narrator::step_ends(const SopStep& step, const json& record, Detail detail)
{
    const bool overrun = record.value("overrun", false);
    const std::string outcome = record.value("outcome", std::string{"done"});
    if (detail == Detail::brief) {
        out_ << step_tag(step) << ' ' << step.id << ": " << record.value("officer", std::string{})
             << ", " << outcome << ", " << how_long(record) << (overrun ? "  OVERRUN" : "") << '\n'
             << std::flush;
        return;
    }
    out_ << kIndent << "outcome: " << outcome << "; " << how_long(record)
         << (overrun ? "  -- OVERRUN" : "") << '\n'
         << std::flush;
}

void Narrator::step_skipped(const SopStep& step, const json& record, Detail detail)
{
    const auto reason = record.value("skip_reason", std::string{});
    if (detail == Detail::brief) {
        out_ << step_tag(step) << ' ' << step.id << ": skipped by "
             << record.value("officer", std::string{}) << " (" << reason << ")\n"
             << std::flush;
        return;
    }
    out_ << kIndent << "skipped: " << reason << '\n' << std::flush;
}

void Narrator::refusal(const std::string& attempt, const OfficerDesk& desk, const std::string& op,
                       const ktpel::Error& error)
{
    out_ << "\n  guard rail: " << attempt << '\n'
         << "    " << desk.officer() << " -> " << op << '\n'
         << "    refused: " << ktpel::to_string(error.code) << ": " << error.message << '\n'
         << std::flush;
}

void Narrator::image(const std::string& label, const json& image, std::size_t bytes)
{
    const auto sha256 = image.value("sha256", std::string{});
    out_ << kIndent << "  " << label << ": " << image.value("width", 0) << 'x'
         << image.value("height", 0) << ' ' << image.value("format", std::string{"?"}) << ", "
         << bytes << " bytes, sha256 " << sha256.substr(0, 16) << "...\n"
         << std::flush;
}

void Narrator::event(const ktpel::Event& event)
{
    out_ << kIndent << "event " << event.topic << " #" << event.seq << ": "
         << event.data.dump(-1, ' ', false, json::error_handler_t::replace) << '\n'
         << std::flush;
}

} // namespace walkthrough
