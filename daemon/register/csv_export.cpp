// SPDX-License-Identifier: Apache-2.0
// The register as CSV: the official export of the "Register of every
// service given" the SOP asks for, one row per step.
//
// It carries the full NIK and KK number on purpose: this file is the
// register itself, handed to the office's records, not a screen or a log.
// Masking for people who only need to see a service happens in the UIs.
#include <SQLiteCpp/Transaction.h>

#include "csv_writer.hpp"
#include "iso8601.hpp"
#include "register.hpp"
#include "register_impl.hpp"

namespace ktpel::reg {
namespace {

const std::vector<std::string> header = {
    "application_id", "sop_id",      "nik",         "kk_number",   "opened_at",  "state",
    "end_state",      "end_reason",  "step_id",     "step_number", "officer",    "role",
    "started_at",     "ended_at",    "duration_ms", "standard_ms", "time_scale", "outcome",
    "overrun",        "skip_reason", "notes"};

std::vector<std::string> application_fields(const ApplicationRecord& application)
{
    return {application.id,
            application.sop_id,
            application.nik,
            application.kk_number,
            iso8601_utc(application.opened_at),
            to_string(application.state),
            application.end_state,
            application.end_reason};
}

void append_step_fields(std::vector<std::string>& fields, const StepRecord& step)
{
    fields.push_back(step.step_id);
    fields.push_back(std::to_string(step.step_number));
    fields.push_back(step.officer);
    fields.push_back(step.role);
    fields.push_back(iso8601_utc(step.started_at));
    fields.push_back(step.ended_at ? iso8601_utc(*step.ended_at) : "");
    // Measured wall-clock time, not scaled: time_scale is beside it.
    fields.push_back(step.ended_at ? std::to_string(*step.ended_at - step.started_at) : "");
    fields.push_back(std::to_string(step.standard_ms));
    fields.push_back(std::to_string(step.time_scale));
    fields.push_back(step.outcome);
    fields.push_back(step.overrun ? "1" : "0");
    fields.push_back(step.skip_reason);
    fields.push_back(step.notes);
}

} // namespace

std::string Register::export_csv(const RegisterQuery& query) const
{
    return translate_sqlite_errors("export_csv", [&] {
        // One read transaction: the applications and their steps are one
        // consistent snapshot even if another process writes meanwhile.
        SQLite::Transaction snapshot(impl_->db);
        std::string out;
        append_csv_record(out, header);
        for (const auto& application : this->query(query)) {
            const auto steps = steps_of(application.id);
            // An application that never reached a step still is a service
            // given: it gets one row with the step columns empty.
            if (steps.empty()) {
                auto fields = application_fields(application);
                fields.resize(header.size());
                append_csv_record(out, fields);
            }
            for (const auto& step : steps) {
                auto fields = application_fields(application);
                append_step_fields(fields, step);
                append_csv_record(out, fields);
            }
        }
        snapshot.commit();
        return out;
    });
}

} // namespace ktpel::reg
