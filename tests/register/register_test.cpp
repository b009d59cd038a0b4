// SPDX-License-Identifier: Apache-2.0
// The register against real database files: durability, id allocation,
// atomic transitions, queries, the daily report, the CSV export, schema
// migrations, and a writer killed at random moments.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../support/file_modes.hpp"
#include "daemon/register/csv_writer.hpp"
#include "daemon/register/iso8601.hpp"
#include "daemon/register/office_day.hpp"
#include "daemon/register/percentile.hpp"
#include "daemon/register/receipt_archive.hpp"
#include "daemon/register/register.hpp"

namespace fs = std::filesystem;
using namespace ktpel::reg;

namespace {

Millis utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0, int ms = 0)
{
    using namespace std::chrono;
    const sys_days date{year{y} / month{mo} / day{d}};
    return (date + hours{h} + minutes{mi} + seconds{s} + milliseconds{ms})
        .time_since_epoch()
        .count();
}

constexpr const char* nik_a = "3508014501900001";
constexpr const char* nik_b = "3508016208850002";
constexpr const char* kk = "3508010101090001";

ApplicationRecord new_application(Millis opened_at, const std::string& nik = nik_a)
{
    ApplicationRecord record;
    record.sop_id = "ktp-el-tuntas";
    record.nik = nik;
    record.kk_number = kk;
    record.opened_by = "petugas-01";
    record.opened_at = opened_at;
    record.current_step = "hand-over-documents";
    return record;
}

StepRecord step_row(const std::string& step_id, int number, Millis started_at,
                    std::optional<Millis> ended_at, std::int64_t standard_ms = 120000,
                    std::int64_t time_scale = 1, const std::string& outcome = "done")
{
    StepRecord step;
    step.step_id = step_id;
    step.step_number = number;
    step.officer = "petugas-01";
    step.role = "petugas_loket";
    step.started_at = started_at;
    step.ended_at = ended_at;
    step.standard_ms = standard_ms;
    step.time_scale = time_scale;
    step.outcome = ended_at ? outcome : "";
    return step;
}

std::string sha256_of(char c)
{
    return std::string(64, c);
}

std::string read_bytes(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string pragma(SQLite::Database& db, const std::string& name)
{
    SQLite::Statement statement(db, "PRAGMA " + name);
    EXPECT_TRUE(statement.executeStep());
    return statement.getColumn(0).getString();
}

using ::ktpel::test_support::mode_of;
using ::ktpel::test_support::ScopedUmask;

// Each test gets its own directory, removed afterwards.
class RegisterFileTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        std::string pattern = (fs::path(::testing::TempDir()) / "register-test-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr) << std::strerror(errno);
        dir_ = pattern;
        path_ = (dir_ / "register.sqlite").string();
    }
    void TearDown() override
    {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    fs::path dir_;
    std::string path_;
};

// The v1 schema as released, by hand: a migration test must not take the
// old schema from the code that migrates it.
constexpr const char* v1_schema = R"sql(
CREATE TABLE applications (
    id TEXT NOT NULL PRIMARY KEY, sop_id TEXT NOT NULL, nik TEXT NOT NULL,
    kk_number TEXT NOT NULL, opened_by TEXT NOT NULL, opened_at INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'completed', 'ended', 'cancelled')),
    current_step TEXT NOT NULL,
    current_step_started INTEGER NOT NULL CHECK (current_step_started IN (0, 1)),
    biometrics_recorded INTEGER NOT NULL CHECK (biometrics_recorded IN (0, 1)),
    closed_at INTEGER, end_state TEXT NOT NULL, end_reason TEXT NOT NULL
) STRICT;
CREATE INDEX applications_opened_at ON applications (opened_at);
CREATE INDEX applications_nik ON applications (nik);
CREATE TABLE steps (
    id INTEGER NOT NULL PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    step_id TEXT NOT NULL, step_number INTEGER NOT NULL, officer TEXT NOT NULL,
    role TEXT NOT NULL, started_at INTEGER NOT NULL,
    ended_at INTEGER CHECK (ended_at IS NULL OR ended_at >= started_at),
    standard_ms INTEGER NOT NULL CHECK (standard_ms >= 0),
    time_scale INTEGER NOT NULL CHECK (time_scale >= 1),
    outcome TEXT NOT NULL, notes TEXT NOT NULL, skip_reason TEXT NOT NULL,
    overrun INTEGER NOT NULL CHECK (overrun IN (0, 1)), overrun_at INTEGER
) STRICT;
CREATE INDEX steps_application_id ON steps (application_id, started_at);
CREATE UNIQUE INDEX steps_one_open_per_application ON steps (application_id)
    WHERE ended_at IS NULL;
CREATE TABLE captures (
    id INTEGER NOT NULL PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    step_id TEXT NOT NULL, operation TEXT NOT NULL, device_id TEXT NOT NULL,
    device_serial TEXT NOT NULL,
    sample_sha256 TEXT NOT NULL
        CHECK (length(sample_sha256) = 64 AND sample_sha256 NOT GLOB '*[^0-9a-f]*'),
    metadata_json TEXT NOT NULL CHECK (json_valid(metadata_json)),
    captured_at INTEGER NOT NULL
) STRICT;
CREATE INDEX captures_application_id ON captures (application_id);
PRAGMA application_id = 1263816780;
PRAGMA user_version = 1;
)sql";

} // namespace

// ---------------------------------------------------------------- pieces

TEST(OfficeTimeZone, IsOneOfIndonesiasThreeZonesByName)
{
    EXPECT_EQ(OfficeTimeZone::named("WIB"), OfficeTimeZone::wib());
    EXPECT_EQ(OfficeTimeZone::named("WITA"), OfficeTimeZone::wita());
    EXPECT_EQ(OfficeTimeZone::named("WIT"), OfficeTimeZone::wit());
    EXPECT_EQ(OfficeTimeZone::wib().utc_offset(), std::chrono::hours{7});
    EXPECT_EQ(OfficeTimeZone::wita().utc_offset(), std::chrono::hours{8});
    EXPECT_EQ(OfficeTimeZone::wit().utc_offset_ms(), 9 * 3600 * 1000);
    EXPECT_EQ(OfficeTimeZone::wita().name(), "WITA");
    EXPECT_EQ(OfficeTimeZone::known_names(), "WIB, WITA, WIT");
    // Names only, exactly: an offset or a typo is no zone.
    for (const char* other :
         {"", "WITB", "wib", "Wita", "UTC+7", "+07:00", "Asia/Jakarta", "WIB ", "UTC"})
        EXPECT_FALSE(OfficeTimeZone::named(other)) << other;
}

TEST(OfficeDay, IsTheCalendarDayOnTheOfficesClock)
{
    const auto wib = OfficeTimeZone::wib();
    // 17:00 UTC is midnight WIB: the last millisecond before it is still the
    // previous office day.
    EXPECT_EQ(iso_date(office_day_of(utc(2026, 11, 24, 16, 59, 59, 999), wib).date), "2026-11-24");
    EXPECT_EQ(iso_date(office_day_of(utc(2026, 11, 24, 17, 0, 0, 0), wib).date), "2026-11-25");
    EXPECT_EQ(compact_date(office_day_of(utc(2026, 12, 31, 17), wib).date), "20270101");
    // Before the epoch the day still rounds down.
    EXPECT_EQ(iso_date(office_day_of(utc(1969, 12, 31, 16), wib).date), "1969-12-31");

    const auto day = parse_office_day("2026-11-24", wib);
    ASSERT_TRUE(day);
    EXPECT_EQ(day->begins_at, utc(2026, 11, 23, 17));
    EXPECT_EQ(day->ends_at, utc(2026, 11, 24, 17));
    EXPECT_EQ(parse_office_day("2028-02-29", wib)->begins_at, utc(2028, 2, 28, 17));
    for (const char* bad : {"2026-02-29", "2026-13-01", "2026-11-4", "20261124", "2026/11/24",
                            "2026-11-24 ", "", "abcd-ef-gh"})
        EXPECT_FALSE(parse_office_day(bad, wib)) << bad;
}

TEST(OfficeDay, MidnightComesAnHourEarlierInWitaAndTwoInWit)
{
    const auto wib = OfficeTimeZone::wib();
    const auto wita = OfficeTimeZone::wita();
    const auto wit = OfficeTimeZone::wit();
    // 23:30 UTC is 06:30 WIB, 07:30 WITA, 08:30 WIT: the next day in all three.
    for (const auto zone : OfficeTimeZone::all())
        EXPECT_EQ(iso_date(office_day_of(utc(2026, 11, 24, 23, 30), zone).date), "2026-11-25")
            << zone.name();
    // 16:30 UTC is 23:30 WIB (still the 24th), 00:30 WITA and 01:30 WIT (the 25th).
    EXPECT_EQ(iso_date(office_day_of(utc(2026, 11, 24, 16, 30), wib).date), "2026-11-24");
    EXPECT_EQ(iso_date(office_day_of(utc(2026, 11, 24, 16, 30), wita).date), "2026-11-25");
    EXPECT_EQ(iso_date(office_day_of(utc(2026, 11, 24, 16, 30), wit).date), "2026-11-25");
    // Each zone's midnight: 16:00 UTC in WITA, 15:00 UTC in WIT.
    EXPECT_EQ(iso_date(office_day_of(utc(2026, 11, 24, 15, 59, 59, 999), wita).date), "2026-11-24");
    EXPECT_EQ(iso_date(office_day_of(utc(2026, 11, 24, 16), wita).date), "2026-11-25");
    EXPECT_EQ(iso_date(office_day_of(utc(2026, 11, 24, 14, 59, 59, 999), wit).date), "2026-11-24");
    EXPECT_EQ(iso_date(office_day_of(utc(2026, 11, 24, 15), wit).date), "2026-11-25");
    // A named day spans the zone's own midnights.
    EXPECT_EQ(parse_office_day("2026-11-25", wita)->begins_at, utc(2026, 11, 24, 16));
    EXPECT_EQ(parse_office_day("2026-11-25", wita)->ends_at, utc(2026, 11, 25, 16));
    EXPECT_EQ(parse_office_day("2026-11-25", wit)->begins_at, utc(2026, 11, 24, 15));
    EXPECT_EQ(parse_office_day("2026-11-25", wit)->ends_at, utc(2026, 11, 25, 15));
}

TEST(Iso8601, IsUtcWithMilliseconds)
{
    EXPECT_EQ(iso8601_utc(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(iso8601_utc(utc(2026, 11, 24, 1, 2, 3, 456)), "2026-11-24T01:02:03.456Z");
    EXPECT_EQ(iso8601_utc(-1), "1969-12-31T23:59:59.999Z");
}

TEST(Percentile, NearestRankByHand)
{
    // Worked example of the nearest-rank method: rank = ceil(p/100 * N).
    const std::vector<std::int64_t> five = {50, 15, 40, 20, 35};
    EXPECT_EQ(nearest_rank_percentile(five, 5), 15);  // rank 1
    EXPECT_EQ(nearest_rank_percentile(five, 30), 20); // rank 2
    EXPECT_EQ(nearest_rank_percentile(five, 40), 20); // rank 2
    EXPECT_EQ(nearest_rank_percentile(five, 50), 35); // rank 3
    EXPECT_EQ(nearest_rank_percentile(five, 90), 50); // rank 5
    EXPECT_EQ(nearest_rank_percentile(five, 100), 50);

    std::vector<std::int64_t> ten;
    for (int i = 10; i >= 1; --i)
        ten.push_back(i * 100);
    EXPECT_EQ(nearest_rank_percentile(ten, 50), 500); // rank 5: the lower middle
    EXPECT_EQ(nearest_rank_percentile(ten, 90), 900); // rank 9, not the maximum
    EXPECT_EQ(nearest_rank_percentile(ten, 91), 1000);

    EXPECT_EQ(nearest_rank_percentile({7}, 50), 7);
    EXPECT_EQ(nearest_rank_percentile({}, 50), std::nullopt);
    EXPECT_THROW(nearest_rank_percentile({1}, 0), std::invalid_argument);
}

TEST(CsvWriter, QuotesOnlyWhatRfc4180Requires)
{
    std::string out;
    append_csv_record(out, {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "", " sp "});
    EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",, sp \r\n");
}

// ---------------------------------------------------------------- opening

TEST_F(RegisterFileTest, FileDatabaseIsInWalModeAndPersists)
{
    std::string id;
    {
        Register reg(path_);
        EXPECT_EQ(reg.schema_version(), 5);
        id = reg.open_application(new_application(utc(2026, 11, 24, 2))).id;
        EXPECT_TRUE(fs::exists(path_ + "-wal")); // WAL in use while open

        SQLite::Database raw(path_, SQLite::OPEN_READONLY);
        EXPECT_EQ(pragma(raw, "journal_mode"), "wal");
        EXPECT_EQ(pragma(raw, "user_version"), "5");
        EXPECT_EQ(pragma(raw, "application_id"), "1263816780");
    }
    Register reopened(path_);
    const auto stored = reopened.application(id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->nik, nik_a);
    EXPECT_EQ(stored->kk_number, kk);
    EXPECT_EQ(stored->opened_at, utc(2026, 11, 24, 2));
    EXPECT_EQ(stored->state, ApplicationState::open);
    EXPECT_EQ(stored->current_step, "hand-over-documents");
}

TEST_F(RegisterFileTest, TheDatabaseItsWalAndShmAreOwnerOnlyEvenUnderUmaskZero)
{
    const ScopedUmask permissive(0);
    Register reg(path_);
    reg.open_application(new_application(utc(2026, 11, 24, 2)));
    // Open, in WAL mode, after a commit: all three files exist now.
    for (const auto& file : {path_, path_ + "-wal", path_ + "-shm"}) {
        ASSERT_TRUE(fs::exists(file)) << file;
        EXPECT_EQ(mode_of(file), 0600u) << file;
    }
    // A second connection (a report, a backup) sees the same files.
    Register reader(path_);
    EXPECT_EQ(reader.query({}).size(), 1u);
    EXPECT_EQ(mode_of(path_ + "-wal"), 0600u);
}

TEST(Register, InMemoryDatabaseWorks)
{
    Register reg(":memory:");
    EXPECT_EQ(reg.schema_version(), 5);
    EXPECT_EQ(reg.open_application(new_application(utc(2026, 11, 24, 2))).id, "20261124-0001");
}

TEST_F(RegisterFileTest, MissingDirectoryIsARegisterError)
{
    EXPECT_THROW(Register((dir_ / "no" / "such" / "dir.sqlite").string()), RegisterError);
}

TEST_F(RegisterFileTest, RefusesANewerSchemaWithoutTouchingIt)
{
    {
        SQLite::Database raw(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec(v1_schema);
        raw.exec("INSERT INTO applications VALUES ('20261124-0001', 'sop', '" + std::string(nik_a) +
                 "', '" + kk + "', 'p', 1, 'open', 's1', 0, 0, NULL, '', '')");
        raw.exec("PRAGMA user_version = 6");
    }
    const auto before = read_bytes(path_);
    try {
        Register reg(path_);
        FAIL() << "a version 6 register was opened";
    } catch (const RegisterError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("schema version 6"), std::string::npos) << message;
        EXPECT_NE(message.find("newer than version 5"), std::string::npos) << message;
    }
    EXPECT_EQ(read_bytes(path_), before);
    EXPECT_FALSE(fs::exists(path_ + "-wal"));
}

TEST_F(RegisterFileTest, RefusesADatabaseThatIsNotARegister)
{
    {
        SQLite::Database raw(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec("CREATE TABLE contacts (name TEXT)");
    }
    EXPECT_THROW(Register{path_}, RegisterError);

    const auto other = (dir_ / "other.sqlite").string();
    {
        SQLite::Database raw(other, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec("PRAGMA application_id = 42");
    }
    EXPECT_THROW(Register{other}, RegisterError);

    const auto text = (dir_ / "notes.txt").string();
    std::ofstream(text) << "not a database, just text that is long enough to be a header\n";
    EXPECT_THROW(Register{text}, RegisterError);
}

TEST_F(RegisterFileTest, MigratesAHandMadeV1DatabaseKeepingItsData)
{
    {
        SQLite::Database raw(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec(v1_schema);
        // 0002 was deleted (retention): v1 would have handed it out again.
        raw.exec("INSERT INTO applications VALUES ('20261124-0001', 'ktp-el-tuntas', '" +
                 std::string(nik_a) + "', '" + kk + "', 'petugas-01', " +
                 std::to_string(utc(2026, 11, 24, 1)) +
                 ", 'completed', '', 0, 1, 5000, 'completed', '')");
        raw.exec("INSERT INTO applications VALUES ('20261124-0003', 'ktp-el-tuntas', '" +
                 std::string(nik_b) + "', '" + kk + "', 'petugas-01', " +
                 std::to_string(utc(2026, 11, 24, 3)) +
                 ", 'open', 'receive-check', 1, 0, NULL, '', '')");
        raw.exec("INSERT INTO applications VALUES ('20261123-0007', 'ktp-el-tuntas', '" +
                 std::string(nik_b) + "', '" + kk + "', 'petugas-02', " +
                 std::to_string(utc(2026, 11, 23, 3)) + ", 'open', 's', 0, 0, NULL, '', '')");
        raw.exec("INSERT INTO steps VALUES (41, '20261124-0003', 'receive-check', 2, "
                 "'petugas-01', 'petugas_loket', " +
                 std::to_string(utc(2026, 11, 24, 3, 1)) +
                 ", NULL, 120000, 1, '', 'note, kept', '', 0, NULL)");
        ASSERT_EQ(pragma(raw, "user_version"), "1");
    }

    Register reg(path_);
    EXPECT_EQ(reg.schema_version(), 5);

    const auto completed = reg.application("20261124-0001");
    ASSERT_TRUE(completed);
    EXPECT_EQ(completed->state, ApplicationState::completed);
    EXPECT_TRUE(completed->biometrics_recorded);
    EXPECT_EQ(completed->closed_at, 5000);
    const auto open_step = reg.open_step_of("20261124-0003");
    ASSERT_TRUE(open_step);
    EXPECT_EQ(open_step->id, 41);
    EXPECT_EQ(open_step->notes, "note, kept");

    // The counters were filled from the stored ids.
    EXPECT_EQ(reg.open_application(new_application(utc(2026, 11, 24, 5))).id, "20261124-0004");
    EXPECT_EQ(reg.open_application(new_application(utc(2026, 11, 23, 5))).id, "20261123-0008");
    EXPECT_EQ(reg.open_application(new_application(utc(2026, 11, 25, 5))).id, "20261125-0001");

    SQLite::Database raw(path_, SQLite::OPEN_READONLY);
    EXPECT_EQ(pragma(raw, "user_version"), "5");
    EXPECT_EQ(pragma(raw, "integrity_check"), "ok");
}

TEST_F(RegisterFileTest, NoTableCanHoldABlob)
{
    Register reg(path_);
    SQLite::Database raw(path_, SQLite::OPEN_READWRITE);
    SQLite::Statement tables(raw, "SELECT name, strict FROM pragma_table_list "
                                  "WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'");
    int count = 0;
    while (tables.executeStep()) {
        ++count;
        const auto table = tables.getColumn(0).getString();
        EXPECT_EQ(tables.getColumn(1).getInt(), 1) << table << " is not STRICT";
        SQLite::Statement columns(raw, "SELECT name, type FROM pragma_table_info(:table)");
        columns.bind(":table", table);
        while (columns.executeStep()) {
            const auto type = columns.getColumn(1).getString();
            EXPECT_TRUE(type == "INTEGER" || type == "TEXT")
                << table << "." << columns.getColumn(0).getString() << " is " << type;
        }
    }
    // applications, steps, captures, daily_counters, card_attempts, receipts, step_facts
    EXPECT_EQ(count, 7);

    const auto id = reg.open_application(new_application(utc(2026, 11, 24, 2))).id;
    EXPECT_THROW(raw.exec("INSERT INTO captures VALUES (NULL, '" + id +
                          "', 's', 'op', 'd', 'sn', '" + sha256_of('a') + "', X'7B7D', 1)"),
                 SQLite::Exception);
}

// ---------------------------------------------------------------- ids

TEST_F(RegisterFileTest, IdsCountPerOfficeDayAcrossTheMidnightWibBoundary)
{
    std::vector<std::string> ids;
    {
        Register reg(path_);
        ids.push_back(reg.open_application(new_application(utc(2026, 11, 24, 1))).id);
        ids.push_back(reg.open_application(new_application(utc(2026, 11, 24, 16, 59, 59, 999))).id);
        // 17:00 UTC = 00:00 WIB on the 25th: a new day, counting from 0001.
        ids.push_back(reg.open_application(new_application(utc(2026, 11, 24, 17))).id);
        // 23:30 UTC on the 23rd is 06:30 WIB on the 24th.
        ids.push_back(reg.open_application(new_application(utc(2026, 11, 23, 23, 30))).id);
    }
    Register reopened(path_);
    ids.push_back(reopened.open_application(new_application(utc(2026, 11, 25, 2))).id);
    ids.push_back(reopened.open_application(new_application(utc(2026, 11, 24, 9))).id);
    EXPECT_EQ(ids, (std::vector<std::string>{"20261124-0001", "20261124-0002", "20261125-0001",
                                             "20261124-0003", "20261125-0002", "20261124-0004"}));
}

TEST(Register, AWitOfficeCountsItsIdsAndReportsOnTheWitDay)
{
    Register reg(":memory:", OfficeTimeZone::wit());
    EXPECT_EQ(reg.time_zone(), OfficeTimeZone::wit());
    // 14:59 UTC is 23:59 WIT on the 24th; 15:00 UTC is 00:00 WIT on the 25th,
    // still 22:00 WIB on the 24th.
    EXPECT_EQ(reg.open_application(new_application(utc(2026, 11, 24, 14, 59))).id, "20261124-0001");
    EXPECT_EQ(reg.open_application(new_application(utc(2026, 11, 24, 15))).id, "20261125-0001");
    EXPECT_EQ(reg.open_application(new_application(utc(2026, 11, 24, 16, 30))).id, "20261125-0002");
    EXPECT_EQ(reg.daily_report("2026-11-24").started, 1u);
    EXPECT_EQ(reg.daily_report("2026-11-25").started, 2u);
    // The same instants on a WIB register: all three on the 24th.
    Register wib(":memory:");
    EXPECT_EQ(wib.time_zone(), OfficeTimeZone::wib());
    for (const auto at :
         {utc(2026, 11, 24, 14, 59), utc(2026, 11, 24, 15), utc(2026, 11, 24, 16, 30)})
        EXPECT_EQ(wib.open_application(new_application(at)).id.substr(0, 8), "20261124");
    EXPECT_EQ(wib.daily_report("2026-11-24").started, 3u);
}

TEST_F(RegisterFileTest, AnIdIsNeverHandedOutTwiceEvenAfterDeletion)
{
    {
        Register reg(path_);
        reg.open_application(new_application(utc(2026, 11, 24, 1)));
        reg.open_application(new_application(utc(2026, 11, 24, 2)));
    }
    {
        SQLite::Database raw(path_, SQLite::OPEN_READWRITE);
        raw.exec("DELETE FROM applications WHERE id = '20261124-0002'");
    }
    Register reg(path_);
    EXPECT_EQ(reg.open_application(new_application(utc(2026, 11, 24, 3))).id, "20261124-0003");
}

TEST(Register, OpenApplicationRejectsWhatIsNotANewApplication)
{
    Register reg(":memory:");
    auto with_id = new_application(1);
    with_id.id = "20261124-0042";
    EXPECT_THROW(reg.open_application(with_id), RegisterError);
    auto closed = new_application(1);
    closed.state = ApplicationState::completed;
    EXPECT_THROW(reg.open_application(closed), RegisterError);
    EXPECT_THROW(reg.open_application(new_application(1, "35080145019000")), RegisterError);
    auto bad_kk = new_application(1);
    bad_kk.kk_number = "35080101010900x1";
    EXPECT_THROW(reg.open_application(bad_kk), RegisterError);
    // None of the refusals used up a number.
    EXPECT_EQ(reg.open_application(new_application(1)).id, "19700101-0001");
}

// ---------------------------------------------------------------- transitions

TEST_F(RegisterFileTest, CommitTransitionWritesEverythingAndReturnsIdsInOrder)
{
    Register reg(path_);
    auto app = reg.open_application(new_application(utc(2026, 11, 24, 1)));
    const auto t0 = app.opened_at;

    app.current_step = "hand-over-documents";
    app.current_step_started = true;
    const auto first = reg.commit_transition(
        app, {step_row("hand-over-documents", 1, t0 + 1000, std::nullopt, 60000)});
    ASSERT_EQ(first.size(), 1u);

    // The insert is listed before the update that closes the open step:
    // still only one step open at any time.
    auto closing = *reg.open_step_of(app.id);
    closing.ended_at = t0 + 50000;
    closing.outcome = "done";
    app.current_step = "receive-check";
    const auto second = reg.commit_transition(
        app, {step_row("receive-check", 2, t0 + 50000, std::nullopt), closing});
    ASSERT_EQ(second.size(), 2u);
    EXPECT_EQ(second[1], first[0]);
    EXPECT_GT(second[0], first[0]);

    const auto open = reg.open_step_of(app.id);
    ASSERT_TRUE(open);
    EXPECT_EQ(open->id, second[0]);
    EXPECT_EQ(open->step_id, "receive-check");
    EXPECT_EQ(open->application_id, app.id);
    EXPECT_EQ(reg.application(app.id)->current_step, "receive-check");
    const auto steps = reg.steps_of(app.id);
    ASSERT_EQ(steps.size(), 2u);
    EXPECT_EQ(steps[0].ended_at, t0 + 50000);
    EXPECT_EQ(steps[0].outcome, "done");
}

TEST_F(RegisterFileTest, AFailingRowLeavesTheWholeTransitionUnapplied)
{
    Register reg(path_);
    auto app = reg.open_application(new_application(utc(2026, 11, 24, 1)));
    const auto t0 = app.opened_at;
    app.current_step_started = true;
    const auto ids = reg.commit_transition(app, {step_row("hand-over-documents", 1, t0, {})});

    auto closing = *reg.open_step_of(app.id);
    closing.ended_at = t0 + 1000;
    closing.outcome = "done";
    auto next = app;
    next.current_step = "receive-check";
    auto unknown = step_row("receive-check", 2, t0 + 1000, t0 + 2000);
    unknown.id = 99999;
    // The first two rows are valid and written before the third fails.
    EXPECT_THROW(reg.commit_transition(
                     next, {closing, step_row("receive-check", 2, t0 + 1000, {}), unknown}),
                 RegisterError);
    // A constraint failure (a second open step) rolls back just the same.
    EXPECT_THROW(reg.commit_transition(next, {step_row("receive-check", 2, t0 + 1000, {})}),
                 RegisterError);
    // And so does a step that breaks a CHECK.
    EXPECT_THROW(reg.commit_transition(
                     next, {closing, step_row("receive-check", 2, t0 + 1000, {}, 120000, 0)}),
                 RegisterError);

    Register reopened(path_); // what is on disk, not a cache
    EXPECT_EQ(reopened.application(app.id)->current_step, "hand-over-documents");
    const auto steps = reopened.steps_of(app.id);
    ASSERT_EQ(steps.size(), 1u);
    EXPECT_EQ(steps[0].id, ids[0]);
    EXPECT_FALSE(steps[0].ended_at);
}

TEST(Register, CommitTransitionRejectsUnknownOrAlteredApplications)
{
    Register reg(":memory:");
    auto ghost = new_application(1);
    ghost.id = "19700101-0001";
    EXPECT_THROW(reg.commit_transition(ghost, {}), RegisterError);

    auto app = reg.open_application(new_application(1));
    auto renamed = app;
    renamed.nik = nik_b;
    EXPECT_THROW(reg.commit_transition(renamed, {}), RegisterError);
    auto other = step_row("s", 1, 1, {});
    other.application_id = "19700101-0002";
    EXPECT_THROW(reg.commit_transition(app, {other}), RegisterError);
    EXPECT_EQ(reg.application(app.id)->nik, nik_a);
    EXPECT_TRUE(reg.steps_of(app.id).empty());
}

TEST(Register, MarkOverrunKeepsTheFirstInstant)
{
    Register reg(":memory:");
    auto app = reg.open_application(new_application(1));
    const auto ids = reg.commit_transition(app, {step_row("s", 1, 10, {})});
    reg.mark_overrun(ids[0], 500);
    reg.mark_overrun(ids[0], 900);
    const auto step = reg.open_step_of(app.id);
    ASSERT_TRUE(step);
    EXPECT_TRUE(step->overrun);
    EXPECT_EQ(step->overrun_at, 500);
    EXPECT_THROW(reg.mark_overrun(ids[0] + 1, 1), RegisterError);
}

TEST(Register, StepsAreOrderedByStartThenId)
{
    Register reg(":memory:");
    auto app = reg.open_application(new_application(1000));
    // Inserted out of order; two start in the same millisecond.
    const auto ids =
        reg.commit_transition(app, {step_row("c", 3, 3000, 3500), step_row("a", 1, 1000, 1500),
                                    step_row("b2", 2, 2000, 2000), step_row("b1", 2, 2000, 2100)});
    const auto steps = reg.steps_of(app.id);
    ASSERT_EQ(steps.size(), 4u);
    EXPECT_EQ(steps[0].step_id, "a");
    EXPECT_EQ(steps[1].step_id, "b2"); // same start: lower id first
    EXPECT_EQ(steps[1].id, ids[2]);
    EXPECT_EQ(steps[2].step_id, "b1");
    EXPECT_EQ(steps[3].step_id, "c");
    EXPECT_FALSE(reg.open_step_of(app.id));
    EXPECT_TRUE(reg.steps_of("19700101-0099").empty());
}

TEST(Register, CapturesHoldAHashAndMetadataOnly)
{
    Register reg(":memory:");
    auto app = reg.open_application(new_application(1000));
    CaptureRecord capture;
    capture.application_id = app.id;
    capture.step_id = "biometrics";
    capture.operation = "fingerprint.capture";
    capture.device_id = "fp0";
    capture.device_serial = "SN-123";
    capture.sample_sha256 = sha256_of('b');
    capture.metadata_json = R"({"nfiq2":[71,64],"slot":"right-4"})";
    capture.captured_at = 2000;
    reg.record_capture(capture);
    capture.metadata_json.clear();
    capture.captured_at = 1500;
    reg.record_capture(capture);

    const auto stored = reg.captures_of(app.id);
    ASSERT_EQ(stored.size(), 2u);
    EXPECT_EQ(stored[0].captured_at, 1500);
    EXPECT_EQ(stored[0].metadata_json, "{}");
    EXPECT_EQ(stored[1].metadata_json, R"({"nfiq2":[71,64],"slot":"right-4"})");
    EXPECT_EQ(stored[1].sample_sha256, sha256_of('b'));
    EXPECT_GT(stored[1].id, 0);

    auto raw_sample = capture;
    raw_sample.sample_sha256 = std::string(64, '\xff');
    EXPECT_THROW(reg.record_capture(raw_sample), RegisterError);
    auto not_json = capture;
    not_json.metadata_json = "quality=71";
    EXPECT_THROW(reg.record_capture(not_json), RegisterError);
    auto orphan = capture;
    orphan.application_id = "19700101-0099";
    EXPECT_THROW(reg.record_capture(orphan), RegisterError);
    EXPECT_EQ(reg.captures_of(app.id).size(), 2u);
}

TEST(Register, CardAttemptsCountSpoiledBlanksByReasonInTheDailyReport)
{
    Register reg(":memory:");
    const auto app = reg.open_application(new_application(utc(2026, 11, 24, 2)));
    const auto attempt = [&](std::optional<std::string> application, std::string fate,
                             std::string code, std::string reason, Millis at) {
        CardAttemptRecord record;
        record.application_id = std::move(application);
        record.operation = "printer.print";
        record.officer = "budi";
        record.printer_id = "printer0";
        record.printer_serial = "EVO-1";
        record.card_fate = std::move(fate);
        record.error_code = std::move(code);
        record.reason = std::move(reason);
        record.bytes_sent = 12345;
        record.started_at = at;
        record.ended_at = at + 900;
        return reg.record_card_attempt(record);
    };
    attempt(app.id, "rejected", "device_error", "card_jam", utc(2026, 11, 24, 2, 10));
    attempt(app.id, "not_fed", "device_error", "cover_open", utc(2026, 11, 24, 2, 11));
    attempt(app.id, "stuck", "device_error", "card_jam", utc(2026, 11, 24, 2, 12));
    attempt(app.id, "rejected", "cancelled", "cancelled", utc(2026, 11, 24, 2, 13));
    attempt(app.id, "delivered", "", "", utc(2026, 11, 24, 2, 14));
    attempt(std::nullopt, "rejected", "", "", utc(2026, 11, 24, 3));  // a test card
    attempt(std::nullopt, "delivered", "", "", utc(2026, 11, 25, 3)); // another day

    const auto stored = reg.card_attempts_of(app.id);
    ASSERT_EQ(stored.size(), 5u);
    EXPECT_EQ(stored[0].reason, "card_jam");
    EXPECT_EQ(stored[0].bytes_sent, 12345);
    EXPECT_TRUE(stored[0].spoiled());
    EXPECT_FALSE(stored[1].spoiled()); // never left the hopper
    EXPECT_FALSE(stored[4].spoiled());

    const auto cards = reg.daily_report("2026-11-24").cards;
    EXPECT_EQ(cards.delivered, 1u);
    EXPECT_EQ(cards.spoiled, 3u);
    EXPECT_EQ(cards.refused, 1u);
    EXPECT_EQ(cards.test_cards, 1u);
    const std::vector<std::pair<std::string, std::size_t>> by_reason = {{"cancelled", 1},
                                                                        {"card_jam", 2}};
    EXPECT_EQ(cards.spoiled_by_reason, by_reason);

    // A fate the schema does not know, or an attempt for no application
    // that exists, is refused and stores nothing.
    EXPECT_THROW(attempt(app.id, "lost", "", "", utc(2026, 11, 24, 4)), RegisterError);
    EXPECT_THROW(attempt(std::string("19700101-0099"), "delivered", "", "", utc(2026, 11, 24, 4)),
                 RegisterError);
    EXPECT_EQ(reg.card_attempts_of(app.id).size(), 5u);
}

TEST(Register, StepFactsAreWithdrawnNeverDeletedAndRecordedWithTheirRows)
{
    Register reg(":memory:");
    const auto app = reg.open_application(new_application(utc(2026, 11, 24, 2)));
    CaptureRecord row;
    row.application_id = app.id;
    row.step_id = "record_biometrics";
    row.operation = "fingerprint.capture";
    row.device_id = "fingerprint0";
    row.device_serial = "SIM-FP-0001";
    row.sample_sha256 = std::string(64, 'a');
    row.captured_at = utc(2026, 11, 24, 2, 5);
    StepFact fact;
    fact.application_id = app.id;
    fact.step_id = "record_biometrics";
    fact.fact = "fingerprints";
    fact.subject = "thumbs";
    fact.source = "cap-1";
    fact.detail_json = R"({"count":"as_expected"})";
    fact.recorded_at = row.captured_at;
    reg.record_captures({row, row}, fact);
    EXPECT_EQ(reg.captures_of(app.id).size(), 2u);
    ASSERT_EQ(reg.facts_of(app.id).size(), 1u);
    EXPECT_TRUE(reg.facts_of(app.id)[0].live());

    // A bad row stores neither the rows nor the fact.
    auto bad = row;
    bad.sample_sha256 = "not a hash";
    EXPECT_THROW(reg.record_captures({row, bad}, fact), RegisterError);
    EXPECT_EQ(reg.captures_of(app.id).size(), 2u);
    EXPECT_EQ(reg.facts_of(app.id).size(), 1u);

    EXPECT_EQ(reg.withdraw_facts(app.id, "cap-1", utc(2026, 11, 24, 2, 6), "discarded"), 1u);
    EXPECT_EQ(reg.withdraw_facts(app.id, "cap-1", utc(2026, 11, 24, 2, 7), "again"), 0u);
    const auto facts = reg.facts_of(app.id);
    ASSERT_EQ(facts.size(), 1u);
    EXPECT_FALSE(facts[0].live());
    EXPECT_EQ(facts[0].withdrawn_reason, "discarded");
    EXPECT_EQ(facts[0].withdrawn_at, utc(2026, 11, 24, 2, 6));
}

TEST(Register, AVoidedCardWithdrawsItsFactAndIsCounted)
{
    Register reg(":memory:");
    const auto app = reg.open_application(new_application(utc(2026, 11, 24, 2)));
    CardAttemptRecord card;
    card.application_id = app.id;
    card.operation = "card.issue";
    card.officer = "budi";
    card.printer_id = "printer0";
    card.printer_serial = "EVO-1";
    card.chip_uid = "04AA";
    card.card_fate = "delivered";
    card.started_at = utc(2026, 11, 24, 2, 10);
    card.ended_at = card.started_at + 2000;
    StepFact issued;
    issued.application_id = app.id;
    issued.step_id = "encode_and_print";
    issued.fact = "card_issued";
    issued.subject = "04AA";
    issued.recorded_at = card.ended_at;
    const auto id = reg.record_card_attempt(card, issued);
    ASSERT_EQ(reg.facts_of(app.id).size(), 1u);
    EXPECT_EQ(reg.facts_of(app.id)[0].source, "card-" + std::to_string(id));

    EXPECT_THROW(reg.void_card(id, "hendra", "", utc(2026, 11, 24, 2, 20)), RegisterError);
    reg.void_card(id, "hendra", "chip cracked", utc(2026, 11, 24, 2, 20));
    EXPECT_THROW(reg.void_card(id, "hendra", "again", utc(2026, 11, 24, 2, 21)), RegisterError);
    const auto stored = reg.card_attempts_of(app.id);
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].voided_by, "hendra");
    EXPECT_EQ(stored[0].void_reason, "chip cracked");
    EXPECT_FALSE(reg.facts_of(app.id)[0].live());
    EXPECT_EQ(reg.facts_of(app.id)[0].withdrawn_reason, "voided: chip cracked");
    const auto cards = reg.daily_report("2026-11-24").cards;
    EXPECT_EQ(cards.delivered, 1u);
    EXPECT_EQ(cards.voided, 1u);

    // A spoiled card is not voided: it never reached anyone.
    card.card_fate = "rejected";
    card.error_code = "device_error";
    const auto spoiled = reg.record_card_attempt(card);
    EXPECT_THROW(reg.void_card(spoiled, "hendra", "x", utc(2026, 11, 24, 2, 30)), RegisterError);
}

// ---------------------------------------------------------------- queries

TEST(Register, QueryFiltersAndOrdersNewestFirst)
{
    Register reg(":memory:");
    const auto a1 = reg.open_application(new_application(utc(2026, 11, 24, 1), nik_a)).id;
    const auto b1 = reg.open_application(new_application(utc(2026, 11, 24, 2), nik_b)).id;
    auto a2 = reg.open_application(new_application(utc(2026, 11, 24, 3), nik_a));
    const auto b2 = reg.open_application(new_application(utc(2026, 11, 25, 1), nik_b)).id;
    a2.state = ApplicationState::cancelled;
    a2.closed_at = utc(2026, 11, 24, 4);
    reg.commit_transition(a2, {});

    const auto ids = [](const std::vector<ApplicationRecord>& records) {
        std::vector<std::string> out;
        for (const auto& r : records)
            out.push_back(r.id);
        return out;
    };
    using Ids = std::vector<std::string>;
    EXPECT_EQ(ids(reg.query({})), (Ids{b2, a2.id, b1, a1}));
    RegisterQuery range;
    range.from = utc(2026, 11, 24, 2);
    range.until = utc(2026, 11, 25, 1); // exclusive
    EXPECT_EQ(ids(reg.query(range)), (Ids{a2.id, b1}));
    RegisterQuery by_nik;
    by_nik.nik = nik_a;
    EXPECT_EQ(ids(reg.query(by_nik)), (Ids{a2.id, a1}));
    RegisterQuery by_state;
    by_state.state = ApplicationState::open;
    by_state.nik = nik_a;
    EXPECT_EQ(ids(reg.query(by_state)), (Ids{a1}));
    RegisterQuery limited;
    limited.limit = 2;
    EXPECT_EQ(ids(reg.query(limited)), (Ids{b2, a2.id}));

    EXPECT_EQ(ids(reg.open_applications()), (Ids{a1, b1, b2}));
    EXPECT_FALSE(reg.application("20991231-0001"));
}

// ---------------------------------------------------------------- report

class DailyReportTest : public RegisterFileTest
{
protected:
    // Opens an application at `opened_at`, stores its steps and final state.
    std::string service(Register& reg, Millis opened_at, ApplicationState state,
                        std::vector<StepRecord> steps)
    {
        auto app = reg.open_application(new_application(opened_at));
        for (auto& step : steps) {
            step.started_at += opened_at;
            if (step.ended_at)
                *step.ended_at += opened_at;
        }
        app.state = state;
        if (state != ApplicationState::open)
            app.closed_at = opened_at + 3'600'000;
        const auto ids = reg.commit_transition(app, steps);
        for (std::size_t i = 0; i < steps.size(); ++i) {
            if (steps[i].overrun)
                reg.mark_overrun(ids[i], steps[i].started_at + 1);
        }
        return app.id;
    }

    static StepRecord timed(const std::string& id, int number, std::int64_t standard, Millis start,
                            std::int64_t duration, std::int64_t scale = 1, bool overrun = false,
                            const std::string& outcome = "done")
    {
        auto step = step_row(id, number, start, start + duration, standard, scale, outcome);
        step.overrun = overrun;
        return step;
    }
};

TEST_F(DailyReportTest, HandBuiltDay)
{
    constexpr std::int64_t receive_std = 120000, validate_std = 180000, bio_std = 360000;
    Register reg(path_);
    using S = ApplicationState;

    // The office day 2026-11-24 runs from 2026-11-23T17:00Z to 2026-11-24T17:00Z.
    // A1: opened at the first millisecond of the day.
    service(reg, utc(2026, 11, 23, 17), S::completed,
            {// listed out of step order on purpose
             [] {
                 auto skip = timed("biometrics", 4, bio_std, 400000, 0, 1, false, "skipped");
                 skip.skip_reason = "already-recorded: card renewal";
                 return skip;
             }(),
             timed("validate", 3, validate_std, 200000, 170000),
             timed("receive-check", 2, receive_std, 0, 100000)});
    // A2: everything over time.
    service(reg, utc(2026, 11, 24, 1), S::completed,
            {timed("receive-check", 2, receive_std, 0, 200000, 1, true),
             timed("validate", 3, validate_std, 300000, 190000, 1, true),
             timed("biometrics", 4, bio_std, 500000, 400000, 1, true)});
    // A3: training station (60x); the file was incomplete.
    service(reg, utc(2026, 11, 24, 2), S::ended,
            {timed("receive-check", 2, receive_std, 0, 2000, 60, false, "incomplete")});
    // A4: cancelled after step 2.
    service(reg, utc(2026, 11, 24, 3), S::cancelled,
            {timed("receive-check", 2, receive_std, 0, 95000)});
    // A5: 50x and 3x scaled; waiting for step 4.
    service(reg, utc(2026, 11, 24, 4), S::open,
            {timed("receive-check", 2, receive_std, 0, 3000, 50, true),
             timed("validate", 3, validate_std, 10000, 60000, 3)});
    // A6: the last millisecond of the day, step 2 running and over time.
    {
        auto open = step_row("receive-check", 2, 0, std::nullopt, receive_std);
        open.overrun = true;
        service(reg, utc(2026, 11, 24, 16, 59, 59, 999), S::open, {open});
    }
    // Outside the day on either side.
    service(reg, utc(2026, 11, 23, 16, 59, 59, 999), S::completed,
            {timed("receive-check", 2, receive_std, 0, 999999)});
    service(reg, utc(2026, 11, 24, 17), S::open, {});

    const auto report = reg.daily_report("2026-11-24");
    EXPECT_EQ(report.date, "2026-11-24");
    EXPECT_EQ(report.started, 6u);
    EXPECT_EQ(report.completed, 2u);
    EXPECT_EQ(report.ended_at_decision, 1u);
    EXPECT_EQ(report.cancelled, 1u);
    EXPECT_EQ(report.still_open, 2u);
    ASSERT_EQ(report.steps.size(), 3u);

    // Step 2, scaled durations: A1 100000, A2 200000, A3 2000*60 = 120000,
    // A4 95000, A5 3000*50 = 150000; A6 still running.
    // Sorted: 95000 100000 120000 150000 200000 (N = 5).
    // Median rank ceil(0.5*5) = 3 -> 120000; p90 rank ceil(0.9*5) = 5 -> 200000.
    const auto& receive = report.steps[0];
    EXPECT_EQ(receive.step_id, "receive-check");
    EXPECT_EQ(receive.step_number, 2);
    EXPECT_EQ(receive.standard_ms, receive_std);
    EXPECT_EQ(receive.count, 5u);
    EXPECT_EQ(receive.median_ms, 120000);
    EXPECT_EQ(receive.p90_ms, 200000);
    EXPECT_EQ(receive.overruns, 3u); // A2, A5, and A6 while running
    EXPECT_EQ(receive.skipped, 0u);

    // Step 3: 170000, 190000, 60000*3 = 180000. Median rank 2 -> 180000,
    // p90 rank ceil(2.7) = 3 -> 190000.
    const auto& validate = report.steps[1];
    EXPECT_EQ(validate.step_id, "validate");
    EXPECT_EQ(validate.count, 3u);
    EXPECT_EQ(validate.median_ms, 180000);
    EXPECT_EQ(validate.p90_ms, 190000);
    EXPECT_EQ(validate.overruns, 1u);
    EXPECT_EQ(validate.standard_ms, validate_std);

    // Step 4: A1 skipped, A2 400000.
    const auto& bio = report.steps[2];
    EXPECT_EQ(bio.step_id, "biometrics");
    EXPECT_EQ(bio.step_number, 4);
    EXPECT_EQ(bio.count, 1u);
    EXPECT_EQ(bio.skipped, 1u);
    EXPECT_EQ(bio.median_ms, 400000);
    EXPECT_EQ(bio.p90_ms, 400000);
    EXPECT_EQ(bio.overruns, 1u);

    const auto before = reg.daily_report("2026-11-23");
    EXPECT_EQ(before.started, 1u);
    EXPECT_EQ(before.completed, 1u);
    ASSERT_EQ(before.steps.size(), 1u);
    EXPECT_EQ(before.steps[0].median_ms, 999999);
    const auto after = reg.daily_report("2026-11-25");
    EXPECT_EQ(after.started, 1u);
    EXPECT_EQ(after.still_open, 1u);
    EXPECT_TRUE(after.steps.empty());
}

TEST(Register, DailyReportOfAnEmptyDayAndABadDate)
{
    Register reg(":memory:");
    const auto report = reg.daily_report("2026-01-01");
    EXPECT_EQ(report.started, 0u);
    EXPECT_TRUE(report.steps.empty());
    EXPECT_THROW(reg.daily_report("2026-1-1"), RegisterError);
    EXPECT_THROW(reg.daily_report("2026-02-30"), RegisterError);
}

// ---------------------------------------------------------------- CSV

TEST(Register, CsvExportQuotesAndHasOneRowPerStep)
{
    Register reg(":memory:");
    auto app = reg.open_application(new_application(utc(2026, 11, 24, 1, 2, 3, 456)));
    auto step = step_row("receive-check", 2, app.opened_at + 1000, app.opened_at + 62000);
    step.notes = "said \"wait\", then\nleft";
    auto second = step_row("validate", 3, app.opened_at + 62000, std::nullopt, 180000, 60);
    second.role = "kasi_yanmum";
    second.officer = "kasi-01";
    second.overrun = true;
    reg.commit_transition(app, {step, second});

    auto ended = reg.open_application(new_application(utc(2026, 11, 24, 2), nik_b));
    ended.state = ApplicationState::ended;
    ended.end_state = "returned";
    ended.end_reason = "KK photocopy missing, file returned";
    ended.closed_at = utc(2026, 11, 24, 2, 5);
    reg.commit_transition(ended, {});

    const auto csv = reg.export_csv({});
    const std::string expected =
        "application_id,sop_id,nik,kk_number,opened_at,state,end_state,end_reason,step_id,"
        "step_number,officer,role,started_at,ended_at,duration_ms,standard_ms,time_scale,outcome,"
        "overrun,skip_reason,notes\r\n"
        // newest first; no steps: one row, step columns empty
        "20261124-0002,ktp-el-tuntas,3508016208850002,3508010101090001,2026-11-24T02:00:00.000Z,"
        "ended,returned,\"KK photocopy missing, file returned\",,,,,,,,,,,,,\r\n"
        "20261124-0001,ktp-el-tuntas,3508014501900001,3508010101090001,2026-11-24T01:02:03.456Z,"
        "open,,,receive-check,2,petugas-01,petugas_loket,2026-11-24T01:02:04.456Z,"
        "2026-11-24T01:03:05.456Z,61000,120000,1,done,0,,\"said \"\"wait\"\", then\nleft\"\r\n"
        "20261124-0001,ktp-el-tuntas,3508014501900001,3508010101090001,2026-11-24T01:02:03.456Z,"
        "open,,,validate,3,kasi-01,kasi_yanmum,2026-11-24T01:03:05.456Z,,,180000,60,,1,,\r\n";
    EXPECT_EQ(csv, expected);

    RegisterQuery only_b;
    only_b.nik = nik_b;
    const auto filtered = reg.export_csv(only_b);
    EXPECT_EQ(filtered.find(nik_a), std::string::npos);
    EXPECT_NE(filtered.find("20261124-0002"), std::string::npos);
}

// ---------------------------------------------------------------- crash

namespace {

// What the writer reports through the pipe, right after a commit returned.
struct Committed
{
    char application[16]; // "YYYYMMDD-NNNN"
    std::int64_t step_row;
    std::int32_t step_index; // -1: opened, steps_per_service: closed
};

constexpr int steps_per_service = 8;

void write_report(int fd, const std::string& application, std::int64_t row, int index)
{
    Committed record{};
    std::snprintf(record.application, sizeof record.application, "%s", application.c_str());
    record.step_row = row;
    record.step_index = index;
    // Smaller than PIPE_BUF: the write is atomic, a kill cannot split it.
    if (::write(fd, &record, sizeof record) != static_cast<ssize_t>(sizeof record))
        ::_exit(4);
}

// The child: services one application after another until it is killed.
[[noreturn]] void run_writer(const std::string& path, int fd, Millis day)
{
    try {
        Register reg(path);
        for (Millis n = 0;; ++n) {
            const auto opened_at = day + n * 10000;
            auto app = reg.open_application(new_application(opened_at));
            write_report(fd, app.id, 0, -1);
            std::optional<StepRecord> open;
            for (int k = 0; k < steps_per_service; ++k) {
                std::vector<StepRecord> rows;
                if (open) {
                    open->ended_at = opened_at + k * 100;
                    open->outcome = "done";
                    open->notes = "step " + std::to_string(k - 1) + ", done";
                    rows.push_back(*open);
                }
                rows.push_back(step_row("s" + std::to_string(k), k + 1, opened_at + k * 100, {}));
                app.current_step = "s" + std::to_string(k);
                app.current_step_started = true;
                const auto ids = reg.commit_transition(app, rows);
                open = rows.back();
                open->id = ids.back();
                write_report(fd, app.id, ids.back(), k);
            }
            open->ended_at = opened_at + steps_per_service * 100;
            open->outcome = "done";
            app.state = ApplicationState::completed;
            app.current_step.clear();
            app.current_step_started = false;
            app.closed_at = open->ended_at;
            app.end_state = "completed";
            reg.commit_transition(app, {*open});
            write_report(fd, app.id, 0, steps_per_service);
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "writer failed: %s\n", error.what());
        ::_exit(3);
    }
}

std::vector<Committed> read_reports(int fd, std::chrono::steady_clock::time_point until,
                                    pid_t child)
{
    std::vector<Committed> records;
    std::string buffer;
    bool killed = false;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            until - std::chrono::steady_clock::now());
        if (!killed && left.count() <= 0) {
            ::kill(child, SIGKILL);
            killed = true;
        }
        pollfd p{fd, POLLIN, 0};
        // At most a second per wait: `until` may be time_point::max().
        ::poll(&p, 1,
               killed ? -1 : static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 1000)));
        char chunk[4096];
        const auto n = ::read(fd, chunk, sizeof chunk);
        if (n == 0)
            break; // the child is gone and the pipe drained
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR)
                continue;
            break;
        }
        buffer.append(chunk, static_cast<std::size_t>(n));
    }
    for (std::size_t at = 0; at + sizeof(Committed) <= buffer.size(); at += sizeof(Committed)) {
        Committed record;
        std::memcpy(&record, buffer.data() + at, sizeof record);
        records.push_back(record);
    }
    return records;
}

} // namespace

TEST_F(RegisterFileTest, TwoProcessesOpeningAtOnceNeverShareAnId)
{
    {
        Register create(path_);
    }
    constexpr int per_writer = 40;
    const auto day = utc(2026, 11, 24, 2);
    std::vector<std::pair<pid_t, int>> writers;
    for (int w = 0; w < 2; ++w) {
        int fds[2];
        ASSERT_EQ(::pipe(fds), 0);
        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            ::close(fds[0]);
            try {
                Register reg(path_);
                for (int i = 0; i < per_writer; ++i)
                    write_report(fds[1], reg.open_application(new_application(day + i)).id, 0, -1);
            } catch (const std::exception& error) {
                std::fprintf(stderr, "writer failed: %s\n", error.what());
                ::_exit(3);
            }
            ::_exit(0);
        }
        ::close(fds[1]);
        writers.emplace_back(child, fds[0]);
    }
    std::set<std::string> ids;
    for (const auto& [child, fd] : writers) {
        // Blocking reads until the writer closes its end.
        for (const auto& record :
             read_reports(fd, std::chrono::steady_clock::time_point::max(), child))
            EXPECT_TRUE(ids.insert(record.application).second) << record.application << " twice";
        ::close(fd);
        int status = 0;
        ASSERT_EQ(::waitpid(child, &status, 0), child);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
    }
    ASSERT_EQ(ids.size(), 2u * per_writer);
    EXPECT_EQ(*ids.begin(), "20261124-0001");
    EXPECT_EQ(*ids.rbegin(), "20261124-0080");
}

TEST_F(RegisterFileTest, EveryReportedCommitSurvivesASigkillAtARandomMoment)
{
    const auto seed = std::random_device{}();
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> delay_ms(5, 250);

    {
        Register create(path_);
    } // the parent holds no connection across fork()

    std::size_t total_reports = 0;
    for (int round = 0; round < 6; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        const auto day = utc(2026, 11, 1, 1) + round * Millis{86'400'000};
        int fds[2];
        ASSERT_EQ(::pipe(fds), 0);
        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            ::close(fds[0]);
            run_writer(path_, fds[1], day);
        }
        ::close(fds[1]);
        ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
        const auto records = read_reports(
            fds[0], std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms(random)),
            child);
        ::close(fds[0]);
        int status = 0;
        ASSERT_EQ(::waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
            << "the writer ended by itself (status " << status << ")";
        total_reports += records.size();

        {
            SQLite::Database raw(path_, SQLite::OPEN_READWRITE);
            EXPECT_EQ(pragma(raw, "integrity_check"), "ok");
            SQLite::Statement fk(raw, "PRAGMA foreign_key_check");
            EXPECT_FALSE(fk.executeStep()) << "a row points at a missing application";
        }
        Register reg(path_);
        std::map<std::string, int> reached; // application -> last reported step index
        for (const auto& record : records) {
            const std::string id = record.application;
            reached[id] = record.step_index;
            const auto app = reg.application(id);
            ASSERT_TRUE(app) << id << " was reported but is not stored";
            if (record.step_index >= 0 && record.step_index < steps_per_service) {
                const auto steps = reg.steps_of(id);
                const auto found =
                    std::find_if(steps.begin(), steps.end(),
                                 [&](const StepRecord& s) { return s.id == record.step_row; });
                ASSERT_NE(found, steps.end()) << "step row " << record.step_row << " of " << id;
                EXPECT_EQ(found->step_id, "s" + std::to_string(record.step_index));
            }
        }
        // The stored state is never behind what was reported (it may be one
        // transition ahead: committed, then killed before the report).
        for (const auto& [id, index] : reached) {
            const auto app = reg.application(id);
            if (index == steps_per_service) {
                EXPECT_EQ(app->state, ApplicationState::completed) << id;
                EXPECT_FALSE(reg.open_step_of(id)) << id;
            } else if (app->state == ApplicationState::open && index >= 0) {
                EXPECT_GE(std::stoi(app->current_step.substr(1)), index) << id;
                const auto open = reg.open_step_of(id);
                ASSERT_TRUE(open) << id;
                EXPECT_EQ(open->step_id, app->current_step);
            }
        }
        // No id of the day is handed out again after the crash.
        std::set<std::string> ids;
        for (const auto& [id, index] : reached)
            ids.insert(id);
        const auto next = reg.open_application(new_application(day)).id;
        EXPECT_FALSE(ids.contains(next));
        if (!ids.empty()) {
            EXPECT_GT(next, *ids.rbegin());
        }
    }
    EXPECT_GT(total_reports, 0u) << "the writer never got to commit anything";
    std::printf("kill test: %zu reported commits over 6 rounds (seed %u)\n", total_reports, seed);
}

// ---------------------------------------------------------------- hand-overs and receipts

namespace {

// An application with one step in progress, as the SOP engine leaves it at
// a hand-over.
std::pair<ApplicationRecord, StepRecord> at_hand_over(Register& reg)
{
    auto app = reg.open_application(new_application(utc(2026, 11, 24, 3)));
    app.current_step = "hand_to_applicant";
    app.current_step_started = true;
    reg.commit_transition(
        app, {step_row("hand_to_applicant", 8, app.opened_at + 1000, std::nullopt, 120000)});
    return {app, *reg.open_step_of(app.id)};
}

} // namespace

TEST_F(RegisterFileTest, AnAcknowledgementIsStoredWithItsStepAndSurvivesReopening)
{
    std::string id;
    {
        Register reg(path_);
        auto [app, step] = at_hand_over(reg);
        id = app.id;
        step.acknowledged_role = "pemohon";
        step.acknowledged_at = app.opened_at + 5000;
        step.acknowledgement = R"({"kind":"applicant_signature","capture":"cap-1"})";
        reg.commit_transition(app, {step});
        // Not JSON: refused by the schema, nothing applied.
        step.acknowledgement = "signed";
        EXPECT_THROW(reg.commit_transition(app, {step}), RegisterError);
    }
    Register reopened(path_);
    const auto step = reopened.open_step_of(id);
    ASSERT_TRUE(step);
    EXPECT_EQ(step->acknowledged_role, "pemohon");
    EXPECT_EQ(step->acknowledged_at, reopened.application(id)->opened_at + 5000);
    EXPECT_EQ(step->acknowledgement, R"({"kind":"applicant_signature","capture":"cap-1"})");
}

TEST_F(RegisterFileTest, AReceiptIsCommittedOnlyWithTheCompletionOfItsApplication)
{
    Register reg(path_);
    auto [app, step] = at_hand_over(reg);
    ReceiptRecord receipt{app.id, app.id + ".pdf", sha256_of('c'), 48000, app.opened_at + 9000};
    step.ended_at = app.opened_at + 9000;
    // A receipt for a service that is not completing is refused.
    EXPECT_THROW(reg.commit_transition(app, {step}, receipt), RegisterError);
    auto other = receipt;
    other.application_id = "20261124-0999";
    app.state = ApplicationState::completed;
    app.current_step.clear();
    app.current_step_started = false;
    app.closed_at = step.ended_at;
    app.end_state = "completed";
    EXPECT_THROW(reg.commit_transition(app, {step}, other), RegisterError);
    // A bad hash fails the whole transition: the service stays open.
    auto bad = receipt;
    bad.sha256 = "not a hash";
    EXPECT_THROW(reg.commit_transition(app, {step}, bad), RegisterError);
    EXPECT_EQ(reg.application(app.id)->state, ApplicationState::open);
    EXPECT_FALSE(reg.receipt_of(app.id));

    reg.commit_transition(app, {step}, receipt);
    EXPECT_EQ(reg.application(app.id)->state, ApplicationState::completed);
    const auto stored = reg.receipt_of(app.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->file, app.id + ".pdf");
    EXPECT_EQ(stored->sha256, sha256_of('c'));
    EXPECT_EQ(stored->bytes, 48000);
    EXPECT_EQ(stored->created_at, app.opened_at + 9000);
    // One receipt per service.
    EXPECT_THROW(reg.commit_transition(app, {}, receipt), RegisterError);
}

TEST_F(RegisterFileTest, ReceiptsAreOwnerOnlyInAnOwnerOnlyDirectoryEvenUnderUmaskZero)
{
    const ScopedUmask permissive(0);
    // An archive directory left group- and world-readable is tightened.
    fs::create_directory(dir_ / "receipts");
    fs::permissions(dir_ / "receipts", fs::perms(0755));
    // So is a temporary file a crash left behind.
    std::ofstream(dir_ / "receipts" / "20261124-0001.pdf.tmp") << "partial";
    fs::permissions(dir_ / "receipts" / "20261124-0001.pdf.tmp", fs::perms(0644));

    ReceiptArchive archive(dir_ / "receipts");
    EXPECT_EQ(mode_of(dir_ / "receipts"), 0700u);
    archive.store("20261124-0001", std::vector<std::uint8_t>{'%', 'P', 'D', 'F'}, 1);
    EXPECT_EQ(mode_of(dir_ / "receipts" / "20261124-0001.pdf"), 0600u);

    ReceiptArchive fresh(dir_ / "new" / "receipts");
    EXPECT_EQ(mode_of(dir_ / "new" / "receipts"), 0700u);
    fresh.store("20261124-0002", std::vector<std::uint8_t>{'%', 'P', 'D', 'F'}, 1);
    EXPECT_EQ(mode_of(dir_ / "new" / "receipts" / "20261124-0002.pdf"), 0600u);
}

TEST_F(RegisterFileTest, TheReceiptArchiveKeepsThePdfAndNoticesAChangedFile)
{
    ReceiptArchive archive(dir_ / "receipts");
    const std::vector<std::uint8_t> pdf = {'%', 'P', 'D', 'F', '-', '1', '.', '5', '\n'};
    const auto record = archive.store("20261124-0001", pdf, 1234);
    EXPECT_EQ(record.application_id, "20261124-0001");
    EXPECT_EQ(record.file, "20261124-0001.pdf");
    EXPECT_EQ(record.bytes, 9);
    EXPECT_EQ(record.created_at, 1234);
    EXPECT_EQ(record.sha256.size(), 64u);
    EXPECT_TRUE(fs::exists(dir_ / "receipts" / "20261124-0001.pdf"));
    EXPECT_FALSE(fs::exists(dir_ / "receipts" / "20261124-0001.pdf.tmp"));
    EXPECT_EQ(archive.load(record), pdf);
    // Stored again (a retried completion): replaced, not duplicated.
    const auto again = archive.store("20261124-0001", pdf, 1300);
    EXPECT_EQ(again.sha256, record.sha256);

    {
        std::ofstream tamper(dir_ / "receipts" / "20261124-0001.pdf",
                             std::ios::binary | std::ios::app);
        tamper << "x";
    }
    EXPECT_THROW(archive.load(record), RegisterError);
    fs::remove(dir_ / "receipts" / "20261124-0001.pdf");
    EXPECT_THROW(archive.load(record), RegisterError);
    // Never a path out of the archive, never an empty receipt.
    EXPECT_THROW(archive.store("../register", pdf, 1), RegisterError);
    EXPECT_THROW(archive.store("20261124-0002", {}, 1), RegisterError);
    auto escaping = record;
    escaping.file = "../register.sqlite";
    EXPECT_THROW(archive.load(escaping), RegisterError);
}
