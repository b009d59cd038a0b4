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
    // `facts` (a completion's declared values) are stored in the same
    // transaction.
    std::vector<std::int64_t>
    commit_transition(const ApplicationRecord& application, const std::vector<StepRecord>& steps,
                      const std::optional<ReceiptRecord>& receipt = std::nullopt,
                      const std::vector<StepFact>& facts = {});
    void record_capture(const CaptureRecord& capture);
    // A capture's rows (one per sample part) and the step fact it
    // establishes, in one transaction: the register never holds the fact
    // without the hashes it rests on, nor the reverse.
    void record_captures(const std::vector<CaptureRecord>& captures,
                         const std::optional<StepFact>& fact);
    // Returns the stored row's id. With `fact` (a delivered card), the fact
    // is stored in the same transaction with source "card-<id>".
    std::int64_t record_card_attempt(const CardAttemptRecord& attempt,
                                     const std::optional<StepFact>& fact = std::nullopt);
    // The section head voids a delivered card of an application: the
    // attempt row records who, when and why, and the facts resting on it
    // are withdrawn. Throws RegisterError for an unknown, undelivered or
    // already voided card.
    void void_card(std::int64_t attempt_id, const std::string& officer, const std::string& reason,
                   Millis at);
    std::int64_t record_fact(const StepFact& fact);
    // Withdraws the live facts of `application_id` resting on `source`;
    // returns how many.
    std::size_t withdraw_facts(const std::string& application_id, const std::string& source,
                               Millis at, const std::string& reason);
    void mark_overrun(std::int64_t step_row_id, Millis at);

    std::optional<ApplicationRecord> application(const std::string& id) const;
    std::vector<ApplicationRecord> open_applications() const;
    std::vector<ApplicationRecord> query(const RegisterQuery& query) const;
    std::vector<StepRecord> steps_of(const std::string& application_id) const;
    std::optional<StepRecord> open_step_of(const std::string& application_id) const;
    std::vector<CaptureRecord> captures_of(const std::string& application_id) const;
    std::vector<CardAttemptRecord> card_attempts_of(const std::string& application_id) const;
    // Every fact recorded for the application, withdrawn ones included,
    // oldest first.
    std::vector<StepFact> facts_of(const std::string& application_id) const;
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
