// SPDX-License-Identifier: Apache-2.0
// The durable register: the only code that writes persistent state.
// SQLite in WAL mode with synchronous=FULL: a method returns only after its
// transaction is on disk, so a daemon killed right after loses nothing it
// has acknowledged.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "office_time_zone.hpp"
#include "register_records.hpp"

namespace ktpel::reg {

class RegisterError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

class Register
{
public:
    // Opens (creating if needed) and migrates the database to the current
    // schema version. ":memory:" works for tests. `time_zone` is the
    // office's (configuration office.time_zone): it decides which office
    // day an application's id and a daily report belong to.
    explicit Register(const std::string& path, OfficeTimeZone time_zone = OfficeTimeZone::wib());
    ~Register();
    Register(const Register&) = delete;
    Register& operator=(const Register&) = delete;

    int schema_version() const;
    OfficeTimeZone time_zone() const noexcept;

    // Allocates the next id of the office's day for `opened_at` and stores
    // the application in one transaction; returns the stored record.
    ApplicationRecord open_application(ApplicationRecord record);
    // Writes the application's new state together with the step rows that
    // changed, in one transaction. A row with id 0 is inserted, any other is
    // updated; returns the rows' ids in the same order. The transition that
    // completes a service carries its receipt, so the service is complete
    // in the register only together with its proof of receipt.
    std::vector<std::int64_t>
    commit_transition(const ApplicationRecord& application, const std::vector<StepRecord>& steps,
                      const std::optional<ReceiptRecord>& receipt = std::nullopt);
    void record_capture(const CaptureRecord& capture);
    // Returns the stored row's id.
    std::int64_t record_card_attempt(const CardAttemptRecord& attempt);
    void mark_overrun(std::int64_t step_row_id, Millis at);

    std::optional<ApplicationRecord> application(const std::string& id) const;
    std::vector<ApplicationRecord> open_applications() const;
    std::vector<ApplicationRecord> query(const RegisterQuery& query) const;
    std::vector<StepRecord> steps_of(const std::string& application_id) const;
    std::optional<StepRecord> open_step_of(const std::string& application_id) const;
    std::vector<CaptureRecord> captures_of(const std::string& application_id) const;
    std::vector<CardAttemptRecord> card_attempts_of(const std::string& application_id) const;
    std::optional<ReceiptRecord> receipt_of(const std::string& application_id) const;
    // Card jobs started in [from, until), test cards included, oldest first.
    std::vector<CardAttemptRecord> card_attempts_between(Millis from, Millis until) const;

    // Statistics of the office's day `date` (YYYY-MM-DD, in time_zone()).
    DailyReport daily_report(const std::string& date) const;
    // RFC 4180 CSV of the applications matching `query`, one row per step.
    std::string export_csv(const RegisterQuery& query) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace ktpel::reg
