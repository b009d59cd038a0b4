// SPDX-License-Identifier: Apache-2.0
// Mapping between register records and table rows. Each column list and its
// reader live together so a SELECT and the code reading it cannot drift.
#pragma once

#include <optional>

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include "register_records.hpp"

namespace ktpel::reg {

// Columns in the order the read_* functions expect them.
inline constexpr const char* application_columns =
    "id, sop_id, nik, kk_number, opened_by, opened_at, state, current_step, "
    "current_step_started, biometrics_recorded, closed_at, end_state, end_reason";
inline constexpr const char* step_columns =
    "id, application_id, step_id, step_number, officer, role, started_at, ended_at, "
    "standard_ms, time_scale, outcome, notes, skip_reason, overrun, overrun_at, "
    "acknowledged_role, acknowledged_at, acknowledgement";
inline constexpr const char* capture_columns =
    "id, application_id, step_id, operation, device_id, device_serial, sample_sha256, "
    "metadata_json, captured_at";

ApplicationRecord read_application(const SQLite::Statement& row);
StepRecord read_step(const SQLite::Statement& row);
CaptureRecord read_capture(const SQLite::Statement& row);

// Binds the step's fields to the named parameters :step_id ... :acknowledgement
// (all of step_columns but id and application_id).
void bind_step_fields(SQLite::Statement& statement, const StepRecord& step);

void bind_optional(SQLite::Statement& statement, const char* name,
                   const std::optional<Millis>& value);

} // namespace ktpel::reg
