// SPDX-License-Identifier: Apache-2.0
// Opening the register and every write. Each write is one IMMEDIATE
// transaction committed before the method returns: with WAL and
// synchronous=FULL the commit has reached the disk, so what a caller has
// been told is stored survives a crash or a power cut.
#include "register.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "common/unique_fd.hpp"
#include "office_day.hpp"
#include "register_impl.hpp"
#include "register_rows.hpp"
#include "schema_migrations.hpp"

namespace ktpel::reg {
namespace {

// Long enough to ride out another process's transaction (ktpelctl reading a
// report, a backup), short enough that a stuck lock surfaces as an error.
constexpr int busy_timeout_ms = 5000;
constexpr int max_numbers_per_day = 9999; // "NNNN"

// SQLite creates a new database file 0644 minus the umask, and creates its
// -wal and -shm files with the database file's mode. The register holds
// personal data, so a new file is created here, 0600, before SQLite opens
// it: then all three are the service's alone whatever the process's umask.
// An existing file is left to the daemon (daemon/runtime/state_directory).
const std::string& created_owner_only(const std::string& path)
{
    if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0)
        return path; // SQLite's own temporary and in-memory databases
    UniqueFd file(::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (file.get() < 0 && errno == EEXIST)
        return path;
    if (file.get() < 0)
        throw RegisterError("register " + path + ": cannot create: " + std::strerror(errno));
    // The umask may have taken more than group and others away: say 0600.
    if (::fchmod(file.get(), 0600) != 0)
        throw RegisterError("register " + path + ": cannot set its mode: " + std::strerror(errno));
    return path;
}

std::string pragma_text(SQLite::Database& db, const std::string& pragma)
{
    SQLite::Statement statement(db, "PRAGMA " + pragma);
    if (!statement.executeStep())
        return {};
    return statement.getColumn(0).getString();
}

bool is_in_memory(SQLite::Database& db)
{
    // sqlite3_db_filename() is "" for ":memory:" and temporary databases.
    const char* file = sqlite3_db_filename(db.getHandle(), "main");
    return file == nullptr || *file == '\0';
}

void configure_connection(SQLite::Database& db, const std::string& path)
{
    // journal_mode answers with the mode in effect; it can stay on the old
    // mode (another connection holds the file in rollback mode, a file
    // system without shared memory), and then our durability reasoning
    // would not hold, so refuse rather than run degraded.
    const auto journal_mode = pragma_text(db, "journal_mode = WAL");
    if (!is_in_memory(db) && journal_mode != "wal")
        throw RegisterError("register " + path + ": could not switch to WAL journal mode (got \"" +
                            journal_mode + "\")");
    // FULL: in WAL mode NORMAL may lose the last commits on power loss; a
    // step acknowledged to the officer must not.
    db.exec("PRAGMA synchronous = FULL");
    if (pragma_text(db, "synchronous") != "2")
        throw RegisterError("register " + path + ": could not set synchronous=FULL");
    db.exec("PRAGMA foreign_keys = ON");
    if (pragma_text(db, "foreign_keys") != "1")
        throw RegisterError("register " + path + ": this SQLite does not enforce foreign keys");
}

bool is_digits(const std::string& text, std::size_t length)
{
    return text.size() == length &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_sha256_hex(const std::string& text)
{
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

std::string format_application_id(const std::string& compact_day, std::int64_t number)
{
    char digits[24];
    std::snprintf(digits, sizeof digits, "%04lld", static_cast<long long>(number));
    return compact_day + "-" + digits;
}

std::int64_t next_number_of_day(SQLite::Database& db, const std::string& compact_day)
{
    SQLite::Statement statement(db, "INSERT INTO daily_counters (office_date, last_number) "
                                    "VALUES (:day, 1) ON CONFLICT (office_date) "
                                    "DO UPDATE SET last_number = last_number + 1 "
                                    "RETURNING last_number");
    statement.bind(":day", compact_day);
    if (!statement.executeStep())
        throw RegisterError("register: no number allocated for day " + compact_day);
    return statement.getColumn(0).getInt64();
}

void insert_application(SQLite::Database& db, const ApplicationRecord& record)
{
    SQLite::Statement statement(
        db, std::string("INSERT INTO applications (") + application_columns +
                ") VALUES (:id, :sop_id, :nik, :kk_number, :opened_by, :opened_at, :state, "
                ":current_step, :current_step_started, :biometrics_recorded, :closed_at, "
                ":end_state, :end_reason)");
    statement.bind(":id", record.id);
    statement.bind(":sop_id", record.sop_id);
    statement.bind(":nik", record.nik);
    statement.bind(":kk_number", record.kk_number);
    statement.bind(":opened_by", record.opened_by);
    statement.bind(":opened_at", static_cast<std::int64_t>(record.opened_at));
    statement.bind(":state", to_string(record.state));
    statement.bind(":current_step", record.current_step);
    statement.bind(":current_step_started", record.current_step_started ? 1 : 0);
    statement.bind(":biometrics_recorded", record.biometrics_recorded ? 1 : 0);
    bind_optional(statement, ":closed_at", record.closed_at);
    statement.bind(":end_state", record.end_state);
    statement.bind(":end_reason", record.end_reason);
    statement.exec();
}

// The identity of an application is fixed when it is opened; a transition
// carrying a different NIK or opening time is a bug in the caller, and
// silently keeping either value would hide it.
void check_identity_unchanged(SQLite::Database& db, const ApplicationRecord& application)
{
    SQLite::Statement statement(db, "SELECT sop_id, nik, kk_number, opened_by, opened_at "
                                    "FROM applications WHERE id = :id");
    statement.bind(":id", application.id);
    if (!statement.executeStep())
        throw RegisterError("register: commit_transition: unknown application \"" + application.id +
                            "\"");
    const auto differs = [&](int column, const std::string& value) {
        return statement.getColumn(column).getString() != value;
    };
    const char* changed = differs(0, application.sop_id)                               ? "sop_id"
                          : differs(1, application.nik)                                ? "nik"
                          : differs(2, application.kk_number)                          ? "kk_number"
                          : differs(3, application.opened_by)                          ? "opened_by"
                          : statement.getColumn(4).getInt64() != application.opened_at ? "opened_at"
                                                                                       : nullptr;
    if (changed != nullptr)
        throw RegisterError("register: commit_transition: application " + application.id +
                            " may not change its " + changed + " after opening");
}

void update_application_state(SQLite::Database& db, const ApplicationRecord& application)
{
    SQLite::Statement statement(
        db, "UPDATE applications SET state = :state, current_step = :current_step, "
            "current_step_started = :current_step_started, "
            "biometrics_recorded = :biometrics_recorded, closed_at = :closed_at, "
            "end_state = :end_state, end_reason = :end_reason WHERE id = :id");
    statement.bind(":id", application.id);
    statement.bind(":state", to_string(application.state));
    statement.bind(":current_step", application.current_step);
    statement.bind(":current_step_started", application.current_step_started ? 1 : 0);
    statement.bind(":biometrics_recorded", application.biometrics_recorded ? 1 : 0);
    bind_optional(statement, ":closed_at", application.closed_at);
    statement.bind(":end_state", application.end_state);
    statement.bind(":end_reason", application.end_reason);
    statement.exec();
}

void update_step(SQLite::Database& db, const std::string& application_id, const StepRecord& step)
{
    SQLite::Statement statement(
        db, "UPDATE steps SET step_id = :step_id, step_number = :step_number, "
            "officer = :officer, role = :role, started_at = :started_at, ended_at = :ended_at, "
            "standard_ms = :standard_ms, time_scale = :time_scale, outcome = :outcome, "
            "notes = :notes, skip_reason = :skip_reason, overrun = :overrun, "
            "overrun_at = :overrun_at, acknowledged_role = :acknowledged_role, "
            "acknowledged_at = :acknowledged_at, acknowledgement = :acknowledgement "
            "WHERE id = :id AND application_id = :application_id");
    statement.bind(":id", static_cast<std::int64_t>(step.id));
    statement.bind(":application_id", application_id);
    bind_step_fields(statement, step);
    if (statement.exec() == 0)
        throw RegisterError("register: commit_transition: application " + application_id +
                            " has no step row " + std::to_string(step.id));
}

std::int64_t insert_step(SQLite::Database& db, const std::string& application_id,
                         const StepRecord& step)
{
    SQLite::Statement statement(
        db, std::string("INSERT INTO steps (") + step_columns +
                ") VALUES (NULL, :application_id, :step_id, :step_number, :officer, :role, "
                ":started_at, :ended_at, :standard_ms, :time_scale, :outcome, :notes, "
                ":skip_reason, :overrun, :overrun_at, :acknowledged_role, :acknowledged_at, "
                ":acknowledgement)");
    statement.bind(":application_id", application_id);
    bind_step_fields(statement, step);
    statement.exec();
    return db.getLastInsertRowid();
}

void insert_capture(SQLite::Database& db, const CaptureRecord& capture)
{
    SQLite::Statement statement(
        db, std::string("INSERT INTO captures (") + capture_columns +
                ") VALUES (NULL, :application_id, :step_id, :operation, :device_id, "
                ":device_serial, :sample_sha256, :metadata_json, :captured_at)");
    statement.bind(":application_id", capture.application_id);
    statement.bind(":step_id", capture.step_id);
    statement.bind(":operation", capture.operation);
    statement.bind(":device_id", capture.device_id);
    statement.bind(":device_serial", capture.device_serial);
    statement.bind(":sample_sha256", capture.sample_sha256);
    // "No metadata" is stored as an empty JSON object so the column
    // always holds valid JSON.
    statement.bind(":metadata_json",
                   capture.metadata_json.empty() ? std::string("{}") : capture.metadata_json);
    statement.bind(":captured_at", static_cast<std::int64_t>(capture.captured_at));
    statement.exec();
}

} // namespace

Register::Impl::Impl(const std::string& path_, OfficeTimeZone time_zone_)
    : path(path_), time_zone(time_zone_),
      db(created_owner_only(path_), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, busy_timeout_ms)
{
    // Checked before any pragma that writes (journal_mode), so a database
    // from a newer ktpeld is refused byte for byte untouched.
    check_schema_is_usable(db, path);
    configure_connection(db, path);
    version = migrate_to_latest(db, path);
}

Register::Register(const std::string& path, OfficeTimeZone time_zone)
    : impl_(translate_sqlite_errors("open " + path,
                                    [&] { return std::make_unique<Impl>(path, time_zone); }))
{
}

Register::~Register() = default;

int Register::schema_version() const
{
    return impl_->version;
}

OfficeTimeZone Register::time_zone() const noexcept
{
    return impl_->time_zone;
}

ApplicationRecord Register::open_application(ApplicationRecord record)
{
    if (!record.id.empty())
        throw RegisterError("register: open_application: the register allocates the id; got \"" +
                            record.id + "\"");
    if (record.state != ApplicationState::open || record.closed_at)
        throw RegisterError("register: open_application: a new application must be open");
    if (!is_digits(record.nik, 16))
        throw RegisterError("register: open_application: NIK must be 16 digits");
    if (!is_digits(record.kk_number, 16))
        throw RegisterError("register: open_application: KK number must be 16 digits");

    return translate_sqlite_errors("open_application", [&] {
        auto& db = impl_->db;
        // The number is taken and used in one transaction: a daemon killed
        // in between rolls both back, and two daemons serialise on the
        // write lock, so no id is ever handed out twice.
        SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
        const auto day = compact_date(office_day_of(record.opened_at, impl_->time_zone).date);
        const auto number = next_number_of_day(db, day);
        if (number > max_numbers_per_day)
            throw RegisterError("register: open_application: more than " +
                                std::to_string(max_numbers_per_day) +
                                " applications on office day " + day);
        record.id = format_application_id(day, number);
        insert_application(db, record);
        transaction.commit();
        return record;
    });
}

std::vector<std::int64_t> Register::commit_transition(const ApplicationRecord& application,
                                                      const std::vector<StepRecord>& steps,
                                                      const std::optional<ReceiptRecord>& receipt,
                                                      const std::vector<StepFact>& facts)
{
    for (const auto& fact : facts) {
        if (fact.application_id != application.id)
            throw RegisterError("register: commit_transition: a fact of application " +
                                fact.application_id + " in a transition of " + application.id);
    }
    if (receipt && (receipt->application_id != application.id ||
                    application.state != ApplicationState::completed))
        throw RegisterError("register: commit_transition: a receipt belongs to the transition "
                            "that completes its own application");
    for (const auto& step : steps) {
        if (!step.application_id.empty() && step.application_id != application.id)
            throw RegisterError("register: commit_transition: a step of application " +
                                step.application_id + " in a transition of " + application.id);
    }

    return translate_sqlite_errors("commit_transition", [&] {
        auto& db = impl_->db;
        SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
        check_identity_unchanged(db, application);
        update_application_state(db, application);
        // Updates before inserts: a transition typically closes the step in
        // progress and opens the next, and at most one step may be open at a
        // time, whatever order the caller listed them in.
        std::vector<std::int64_t> ids(steps.size());
        for (std::size_t i = 0; i < steps.size(); ++i) {
            if (steps[i].id != 0) {
                update_step(db, application.id, steps[i]);
                ids[i] = steps[i].id;
            }
        }
        for (std::size_t i = 0; i < steps.size(); ++i) {
            if (steps[i].id == 0)
                ids[i] = insert_step(db, application.id, steps[i]);
        }
        for (const auto& fact : facts)
            insert_fact(db, fact);
        if (receipt)
            insert_receipt(db, *receipt);
        transaction.commit();
        return ids;
    });
}

void Register::record_capture(const CaptureRecord& capture)
{
    // The hash is checked here as well as by the schema so the caller gets a
    // message saying what is wrong, not a constraint name.
    if (!is_sha256_hex(capture.sample_sha256))
        throw RegisterError("register: record_capture: sample_sha256 must be 64 lowercase hex "
                            "digits (the hash of the sample, never the sample)");
    translate_sqlite_errors("record_capture", [&] {
        auto& db = impl_->db;
        SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
        insert_capture(db, capture);
        transaction.commit();
    });
}

void Register::record_captures(const std::vector<CaptureRecord>& captures,
                               const std::optional<StepFact>& fact)
{
    for (const auto& capture : captures) {
        if (!is_sha256_hex(capture.sample_sha256))
            throw RegisterError("register: record_captures: sample_sha256 must be 64 lowercase "
                                "hex digits (the hash of the sample, never the sample)");
    }
    translate_sqlite_errors("record_captures", [&] {
        auto& db = impl_->db;
        SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
        for (const auto& capture : captures)
            insert_capture(db, capture);
        if (fact)
            insert_fact(db, *fact);
        transaction.commit();
    });
}

void Register::mark_overrun(std::int64_t step_row_id, Millis at)
{
    translate_sqlite_errors("mark_overrun", [&] {
        auto& db = impl_->db;
        SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
        // The first overrun instant is the fact; marking again keeps it.
        SQLite::Statement statement(db, "UPDATE steps SET overrun = 1, "
                                        "overrun_at = coalesce(overrun_at, :at) WHERE id = :id");
        statement.bind(":at", static_cast<std::int64_t>(at));
        statement.bind(":id", static_cast<std::int64_t>(step_row_id));
        if (statement.exec() == 0)
            throw RegisterError("register: mark_overrun: no step row " +
                                std::to_string(step_row_id));
        transaction.commit();
    });
}

} // namespace ktpel::reg
