// SPDX-License-Identifier: Apache-2.0
#include "report_table.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "narrator.hpp"

namespace walkthrough {

using nlohmann::json;

namespace {

std::string number(const json& object, const char* key)
{
    return std::to_string(object.value(key, std::int64_t{0}));
}

std::string duration(const json& object, const char* key)
{
    return minutes_seconds(std::chrono::milliseconds(object.value(key, std::int64_t{0})));
}

// Left-aligned columns two spaces apart.
void print_rows(std::ostream& out, const std::vector<std::vector<std::string>>& rows)
{
    std::vector<std::size_t> widths;
    for (const auto& row : rows) {
        widths.resize(std::max(widths.size(), row.size()));
        for (std::size_t i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    }
    for (const auto& row : rows) {
        out << "  ";
        for (std::size_t i = 0; i < row.size(); ++i) {
            out << row[i];
            if (i + 1 < row.size())
                out << std::string(widths[i] - row[i].size() + 2, ' ');
        }
        out << '\n';
    }
}

} // namespace

void print_report(std::ostream& out, const json& report)
{
    out << "  " << report.value("date", std::string{}) << ": " << number(report, "started")
        << " started, " << number(report, "completed") << " completed, "
        << number(report, "ended_at_decision") << " ended at a decision, "
        << number(report, "cancelled") << " cancelled, " << number(report, "still_open")
        << " still open\n";
    std::vector<std::vector<std::string>> rows{
        {"#", "STEP", "N", "MEDIAN", "P90", "STANDARD", "OVERRUNS", "SKIPPED"}};
    for (const auto& step : report.at("steps")) {
        // A step that was only ever skipped has no duration to summarise.
        const bool timed = step.value("count", 0) > 0;
        rows.push_back({number(step, "number"), step.value("step", std::string{}),
                        number(step, "count"), timed ? duration(step, "median_ms") : "-",
                        timed ? duration(step, "p90_ms") : "-", duration(step, "standard_ms"),
                        number(step, "overruns"), number(step, "skipped")});
    }
    print_rows(out, rows);
    out << "  (median and p90 in SOP time: durations at an accelerated time scale are scaled "
           "back)\n";
}

} // namespace walkthrough
