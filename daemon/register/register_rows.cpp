// SPDX-License-Identifier: Apache-2.0
#include "register_rows.hpp"

#include "register.hpp"

namespace ktpel::reg {
namespace {

std::optional<Millis> optional_millis(const SQLite::Column& column)
{
    if (column.isNull())
        return std::nullopt;
    return column.getInt64();
}

} // namespace

ApplicationRecord read_application(const SQLite::Statement& row)
{
    ApplicationRecord record;
    record.id = row.getColumn(0).getString();
    record.sop_id = row.getColumn(1).getString();
    record.nik = row.getColumn(2).getString();
    record.kk_number = row.getColumn(3).getString();
    record.opened_by = row.getColumn(4).getString();
    record.opened_at = row.getColumn(5).getInt64();
    const auto state_text = row.getColumn(6).getString();
    const auto state = application_state_from_string(state_text);
    if (!state)
        throw RegisterError("register: application " + record.id + " has unknown state \"" +
                            state_text + "\"");
    record.state = *state;
    record.current_step = row.getColumn(7).getString();
    record.current_step_started = row.getColumn(8).getInt() != 0;
    record.biometrics_recorded = row.getColumn(9).getInt() != 0;
    record.closed_at = optional_millis(row.getColumn(10));
    record.end_state = row.getColumn(11).getString();
    record.end_reason = row.getColumn(12).getString();
    return record;
}

StepRecord read_step(const SQLite::Statement& row)
{
    StepRecord step;
    step.id = row.getColumn(0).getInt64();
    step.application_id = row.getColumn(1).getString();
    step.step_id = row.getColumn(2).getString();
    step.step_number = row.getColumn(3).getInt();
    step.officer = row.getColumn(4).getString();
    step.role = row.getColumn(5).getString();
    step.started_at = row.getColumn(6).getInt64();
    step.ended_at = optional_millis(row.getColumn(7));
    step.standard_ms = row.getColumn(8).getInt64();
    step.time_scale = row.getColumn(9).getInt64();
    step.outcome = row.getColumn(10).getString();
    step.notes = row.getColumn(11).getString();
    step.skip_reason = row.getColumn(12).getString();
    step.overrun = row.getColumn(13).getInt() != 0;
    step.overrun_at = optional_millis(row.getColumn(14));
    step.acknowledged_role = row.getColumn(15).getString();
    step.acknowledged_at = optional_millis(row.getColumn(16));
    step.acknowledgement = row.getColumn(17).getString();
    return step;
}

CaptureRecord read_capture(const SQLite::Statement& row)
{
    CaptureRecord capture;
    capture.id = row.getColumn(0).getInt64();
    capture.application_id = row.getColumn(1).getString();
    capture.step_id = row.getColumn(2).getString();
    capture.operation = row.getColumn(3).getString();
    capture.device_id = row.getColumn(4).getString();
    capture.device_serial = row.getColumn(5).getString();
    capture.sample_sha256 = row.getColumn(6).getString();
    capture.metadata_json = row.getColumn(7).getString();
    capture.captured_at = row.getColumn(8).getInt64();
    return capture;
}

void bind_optional(SQLite::Statement& statement, const char* name,
                   const std::optional<Millis>& value)
{
    if (value)
        statement.bind(name, static_cast<std::int64_t>(*value));
    else
        statement.bind(name);
}

void bind_step_fields(SQLite::Statement& statement, const StepRecord& step)
{
    statement.bind(":step_id", step.step_id);
    statement.bind(":step_number", step.step_number);
    statement.bind(":officer", step.officer);
    statement.bind(":role", step.role);
    statement.bind(":started_at", static_cast<std::int64_t>(step.started_at));
    bind_optional(statement, ":ended_at", step.ended_at);
    statement.bind(":standard_ms", static_cast<std::int64_t>(step.standard_ms));
    statement.bind(":time_scale", static_cast<std::int64_t>(step.time_scale));
    statement.bind(":outcome", step.outcome);
    statement.bind(":notes", step.notes);
    statement.bind(":skip_reason", step.skip_reason);
    statement.bind(":overrun", step.overrun ? 1 : 0);
    bind_optional(statement, ":overrun_at", step.overrun_at);
    statement.bind(":acknowledged_role", step.acknowledged_role);
    bind_optional(statement, ":acknowledged_at", step.acknowledged_at);
    statement.bind(":acknowledgement", step.acknowledgement);
}

} // namespace ktpel::reg
