// SPDX-License-Identifier: Apache-2.0
#include "schema_migrations.hpp"

#include <array>
#include <string_view>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "register.hpp"

namespace ktpel::reg {
namespace {

struct Migration
{
    int version;
    std::string_view sql;
};

// STRICT tables: a column declared TEXT or INTEGER refuses any other type,
// so in particular no blob (a raw biometric sample) can be stored anywhere.
// Booleans are INTEGER 0/1, times are UTC epoch milliseconds.
constexpr std::array migrations{
    Migration{1, R"sql(
CREATE TABLE applications (
    id                   TEXT    NOT NULL PRIMARY KEY,
    sop_id               TEXT    NOT NULL,
    nik                  TEXT    NOT NULL,
    kk_number            TEXT    NOT NULL,
    opened_by            TEXT    NOT NULL,
    opened_at            INTEGER NOT NULL,
    state                TEXT    NOT NULL
        CHECK (state IN ('open', 'completed', 'ended', 'cancelled')),
    current_step         TEXT    NOT NULL,
    current_step_started INTEGER NOT NULL CHECK (current_step_started IN (0, 1)),
    biometrics_recorded  INTEGER NOT NULL CHECK (biometrics_recorded IN (0, 1)),
    closed_at            INTEGER,
    end_state            TEXT    NOT NULL,
    end_reason           TEXT    NOT NULL
) STRICT;
CREATE INDEX applications_opened_at ON applications (opened_at);
CREATE INDEX applications_nik ON applications (nik);

CREATE TABLE steps (
    id             INTEGER NOT NULL PRIMARY KEY,
    application_id TEXT    NOT NULL REFERENCES applications (id),
    step_id        TEXT    NOT NULL,
    step_number    INTEGER NOT NULL,
    officer        TEXT    NOT NULL,
    role           TEXT    NOT NULL,
    started_at     INTEGER NOT NULL,
    ended_at       INTEGER CHECK (ended_at IS NULL OR ended_at >= started_at),
    standard_ms    INTEGER NOT NULL CHECK (standard_ms >= 0),
    time_scale     INTEGER NOT NULL CHECK (time_scale >= 1),
    outcome        TEXT    NOT NULL,
    notes          TEXT    NOT NULL,
    skip_reason    TEXT    NOT NULL,
    overrun        INTEGER NOT NULL CHECK (overrun IN (0, 1)),
    overrun_at     INTEGER
) STRICT;
CREATE INDEX steps_application_id ON steps (application_id, started_at);
-- The SOP is sequential: an application has at most one step in progress.
CREATE UNIQUE INDEX steps_one_open_per_application ON steps (application_id)
    WHERE ended_at IS NULL;

CREATE TABLE captures (
    id             INTEGER NOT NULL PRIMARY KEY,
    application_id TEXT    NOT NULL REFERENCES applications (id),
    step_id        TEXT    NOT NULL,
    operation      TEXT    NOT NULL,
    device_id      TEXT    NOT NULL,
    device_serial  TEXT    NOT NULL,
    sample_sha256  TEXT    NOT NULL
        CHECK (length(sample_sha256) = 64 AND sample_sha256 NOT GLOB '*[^0-9a-f]*'),
    metadata_json  TEXT    NOT NULL CHECK (json_valid(metadata_json)),
    captured_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX captures_application_id ON captures (application_id);
)sql"},
    // v1 allocated the number of the day as max(existing number) + 1, so an
    // application deleted under the personal-data retention rules would give
    // its number back and a later service could get an id that is already
    // printed on an old receipt. A counter per office day never goes back.
    // It is filled from the applications already stored.
    Migration{2, R"sql(
CREATE TABLE daily_counters (
    office_date TEXT    NOT NULL PRIMARY KEY,
    last_number INTEGER NOT NULL CHECK (last_number >= 1)
) STRICT;
INSERT INTO daily_counters (office_date, last_number)
    SELECT substr(id, 1, 8), max(CAST(substr(id, 10) AS INTEGER))
    FROM applications
    GROUP BY substr(id, 1, 8);
)sql"},
    // v3: every card the printer took from its hopper (or refused to), so a
    // spoiled blank is a register fact with its reason and the printer that
    // spoiled it. application_id is NULL for a technician's test card.
    // Encoder serial and chip UID are empty until a job encodes a chip.
    Migration{3, R"sql(
CREATE TABLE card_attempts (
    id             INTEGER NOT NULL PRIMARY KEY,
    application_id TEXT    REFERENCES applications (id),
    operation      TEXT    NOT NULL,
    officer        TEXT    NOT NULL,
    printer_id     TEXT    NOT NULL,
    printer_serial TEXT    NOT NULL,
    encoder_serial TEXT    NOT NULL,
    chip_uid       TEXT    NOT NULL,
    card_fate      TEXT    NOT NULL
        CHECK (card_fate IN ('not_fed', 'delivered', 'at_contact_station',
                             'at_contactless_station', 'rejected', 'stuck')),
    error_code     TEXT    NOT NULL,
    reason         TEXT    NOT NULL,
    bytes_sent     INTEGER NOT NULL CHECK (bytes_sent >= 0),
    started_at     INTEGER NOT NULL,
    ended_at       INTEGER NOT NULL CHECK (ended_at >= started_at)
) STRICT;
CREATE INDEX card_attempts_application_id ON card_attempts (application_id);
CREATE INDEX card_attempts_started_at ON card_attempts (started_at);
)sql"},
    // v4: the hand-overs (SOP steps 7 and 8). A step row records who
    // acknowledged it, when, and on what evidence (JSON); a completed
    // service's proof of receipt is a PDF in the receipt archive, and the
    // register holds its file name and hash, committed with the completion.
    Migration{4, R"sql(
ALTER TABLE steps ADD COLUMN acknowledged_role TEXT NOT NULL DEFAULT '';
ALTER TABLE steps ADD COLUMN acknowledged_at INTEGER;
ALTER TABLE steps ADD COLUMN acknowledgement TEXT NOT NULL DEFAULT ''
    CHECK (acknowledgement = '' OR json_valid(acknowledgement));
CREATE TABLE receipts (
    application_id TEXT    NOT NULL PRIMARY KEY REFERENCES applications (id),
    file           TEXT    NOT NULL,
    sha256         TEXT    NOT NULL
        CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    bytes          INTEGER NOT NULL CHECK (bytes > 0),
    created_at     INTEGER NOT NULL
) STRICT;
)sql"},
    // v5: step evidence (issue: the register never claims more than
    // happened). step_facts holds what services recorded for a step (a
    // slap complete, both irises, a card delivered, an activation); the SOP
    // engine checks a step's declared evidence against the live ones. A
    // fact is withdrawn (retaken, discarded, voided), never deleted. A
    // delivered card can be voided by the section head so that another
    // may be issued, with who, when and why.
    Migration{5, R"sql(
CREATE TABLE step_facts (
    id               INTEGER NOT NULL PRIMARY KEY,
    application_id   TEXT    NOT NULL REFERENCES applications (id),
    step_id          TEXT    NOT NULL,
    fact             TEXT    NOT NULL CHECK (fact <> ''),
    subject          TEXT    NOT NULL,
    source           TEXT    NOT NULL,
    detail_json      TEXT    NOT NULL CHECK (json_valid(detail_json)),
    recorded_at      INTEGER NOT NULL,
    withdrawn_at     INTEGER,
    withdrawn_reason TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX step_facts_application_id ON step_facts (application_id, id);
ALTER TABLE card_attempts ADD COLUMN voided_at INTEGER;
ALTER TABLE card_attempts ADD COLUMN voided_by TEXT NOT NULL DEFAULT '';
ALTER TABLE card_attempts ADD COLUMN void_reason TEXT NOT NULL DEFAULT '';
)sql"},
};

constexpr bool versions_are_consecutive()
{
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != static_cast<int>(i) + 1)
            return false;
    }
    return true;
}
static_assert(versions_are_consecutive(), "migrations must be numbered 1, 2, 3... in order");

int pragma_int(SQLite::Database& db, const char* pragma)
{
    SQLite::Statement statement(db, std::string("PRAGMA ") + pragma);
    statement.executeStep();
    return statement.getColumn(0).getInt();
}

bool has_any_table(SQLite::Database& db)
{
    SQLite::Statement statement(db, "SELECT count(*) FROM sqlite_schema");
    statement.executeStep();
    return statement.getColumn(0).getInt64() != 0;
}

} // namespace

int latest_schema_version()
{
    return migrations.back().version;
}

void check_schema_is_usable(SQLite::Database& db, const std::string& path)
{
    const auto application_id = pragma_int(db, "application_id");
    const auto version = pragma_int(db, "user_version");
    if (application_id != register_application_id && application_id != 0)
        throw RegisterError("register " + path +
                            " is not a ktpeld register database (application_id " +
                            std::to_string(application_id) + "); refusing to open it");
    if (version == 0 && has_any_table(db))
        throw RegisterError("register " + path +
                            " already holds tables but no register schema version; refusing to "
                            "add the register to another database");
    if (version > latest_schema_version())
        throw RegisterError("register " + path + " has schema version " + std::to_string(version) +
                            ", newer than version " + std::to_string(latest_schema_version()) +
                            " known to this ktpeld; refusing to open it (upgrade ktpeld, or "
                            "restore a register written by this version)");
}

int migrate_to_latest(SQLite::Database& db, const std::string& path)
{
    if (pragma_int(db, "user_version") == latest_schema_version())
        return latest_schema_version();

    // IMMEDIATE takes the write lock first, so two daemons starting together
    // cannot both decide to apply the same migration.
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    check_schema_is_usable(db, path);
    const auto from = pragma_int(db, "user_version");
    for (const auto& migration : migrations) {
        if (migration.version > from)
            db.exec(std::string(migration.sql));
    }
    // user_version is part of the database header, written in this same
    // transaction: a crash leaves either the old version or the new one.
    db.exec("PRAGMA application_id = " + std::to_string(register_application_id));
    db.exec("PRAGMA user_version = " + std::to_string(latest_schema_version()));
    transaction.commit();
    return latest_schema_version();
}

} // namespace ktpel::reg
