// SPDX-License-Identifier: Apache-2.0
// The day's statistics for the Kasi Yanmum: how many services were started
// and how they ended, and per SOP step how long it really took compared with
// the SOP's standard time.
//
// Definitions (docs/register.md has the full text):
// - The day's applications are those opened during the office day; their
//   counts by current state (completed, ended at a decision, cancelled,
//   still open) add up to `started`.
// - The step statistics cover the step rows of those same applications, so
//   a report describes one cohort of services.
// - Card counts cover the card jobs started during the office day, test
//   cards included (a blank is a blank, whoever spoiled it).
// - Durations are scaled back to SOP time: a training station runs
//   time_scale times faster, so duration_ms * time_scale is what the step
//   would have taken at the real pace, comparable with standard_ms.
#include <algorithm>
#include <map>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "office_day.hpp"
#include "percentile.hpp"
#include "register.hpp"
#include "register_impl.hpp"

namespace ktpel::reg {
namespace {

struct StepAccumulator
{
    StepStatistics statistics;
    std::vector<std::int64_t> durations;
};

void count_applications(SQLite::Database& db, const OfficeDay& day, DailyReport& report)
{
    SQLite::Statement statement(db, "SELECT state, count(*) FROM applications "
                                    "WHERE opened_at >= :begins AND opened_at < :ends "
                                    "GROUP BY state");
    statement.bind(":begins", static_cast<std::int64_t>(day.begins_at));
    statement.bind(":ends", static_cast<std::int64_t>(day.ends_at));
    while (statement.executeStep()) {
        const auto state = application_state_from_string(statement.getColumn(0).getString());
        const auto count = static_cast<std::size_t>(statement.getColumn(1).getInt64());
        report.started += count;
        switch (state.value_or(ApplicationState::open)) {
        case ApplicationState::open:
            report.still_open += count;
            break;
        case ApplicationState::completed:
            report.completed += count;
            break;
        case ApplicationState::ended:
            report.ended_at_decision += count;
            break;
        case ApplicationState::cancelled:
            report.cancelled += count;
            break;
        }
    }
}

std::vector<StepStatistics> step_statistics(SQLite::Database& db, const OfficeDay& day)
{
    SQLite::Statement statement(
        db, "SELECT s.step_id, s.step_number, s.started_at, s.ended_at, s.standard_ms, "
            "s.time_scale, s.outcome, s.overrun FROM steps s "
            "JOIN applications a ON a.id = s.application_id "
            "WHERE a.opened_at >= :begins AND a.opened_at < :ends "
            "ORDER BY s.started_at, s.id");
    statement.bind(":begins", static_cast<std::int64_t>(day.begins_at));
    statement.bind(":ends", static_cast<std::int64_t>(day.ends_at));

    std::map<std::string, StepAccumulator> by_step;
    while (statement.executeStep()) {
        const auto step_id = statement.getColumn(0).getString();
        auto [entry, inserted] = by_step.try_emplace(step_id);
        auto& statistics = entry->second.statistics;
        if (inserted) {
            statistics.step_id = step_id;
            statistics.step_number = statement.getColumn(1).getInt();
        }
        statistics.step_number = std::min(statistics.step_number, statement.getColumn(1).getInt());
        // Rows come oldest first, so this ends as the latest standard: the
        // one in force if the SOP was changed during the day.
        statistics.standard_ms = statement.getColumn(4).getInt64();
        if (statement.getColumn(7).getInt() != 0)
            ++statistics.overruns; // also a step still running past its time
        if (statement.getColumn(6).getString() == "skipped") {
            ++statistics.skipped;
            continue;
        }
        if (statement.getColumn(3).isNull())
            continue; // in progress: no duration yet
        const auto duration = statement.getColumn(3).getInt64() - statement.getColumn(2).getInt64();
        entry->second.durations.push_back(duration * statement.getColumn(5).getInt64());
    }

    std::vector<StepStatistics> steps;
    for (auto& [step_id, accumulator] : by_step) {
        auto statistics = accumulator.statistics;
        statistics.count = accumulator.durations.size();
        statistics.median_ms = nearest_rank_percentile(accumulator.durations, 50).value_or(0);
        statistics.p90_ms = nearest_rank_percentile(accumulator.durations, 90).value_or(0);
        steps.push_back(std::move(statistics));
    }
    std::sort(steps.begin(), steps.end(), [](const StepStatistics& a, const StepStatistics& b) {
        return a.step_number != b.step_number ? a.step_number < b.step_number
                                              : a.step_id < b.step_id;
    });
    return steps;
}

} // namespace

DailyReport Register::daily_report(const std::string& date) const
{
    const auto day = parse_office_day(date, impl_->time_zone);
    if (!day)
        throw RegisterError("register: daily_report: \"" + date +
                            "\" is not a date of the form YYYY-MM-DD");
    return translate_sqlite_errors("daily_report", [&] {
        // One read transaction: both queries see the same committed state.
        SQLite::Transaction snapshot(impl_->db);
        DailyReport report;
        report.date = date;
        count_applications(impl_->db, *day, report);
        report.steps = step_statistics(impl_->db, *day);
        report.cards = card_statistics(card_attempts_between(day->begins_at, day->ends_at));
        snapshot.commit();
        return report;
    });
}

} // namespace ktpel::reg
