// SPDX-License-Identifier: Apache-2.0
// Reading the register. Reads run on the same connection as the writes
// (one daemon thread), so they see every committed transition.
#include <algorithm>
#include <limits>

#include <SQLiteCpp/Statement.h>

#include "register.hpp"
#include "register_impl.hpp"
#include "register_rows.hpp"

namespace ktpel::reg {
namespace {

std::vector<ApplicationRecord> read_applications(SQLite::Statement& statement)
{
    std::vector<ApplicationRecord> records;
    while (statement.executeStep())
        records.push_back(read_application(statement));
    return records;
}

std::string select_applications()
{
    return std::string("SELECT ") + application_columns + " FROM applications";
}

} // namespace

std::optional<ApplicationRecord> Register::application(const std::string& id) const
{
    return translate_sqlite_errors("application", [&]() -> std::optional<ApplicationRecord> {
        SQLite::Statement statement(impl_->db, select_applications() + " WHERE id = :id");
        statement.bind(":id", id);
        if (!statement.executeStep())
            return std::nullopt;
        return read_application(statement);
    });
}

std::vector<ApplicationRecord> Register::open_applications() const
{
    // Oldest first: the order a restarted daemon resumes the queue in.
    return translate_sqlite_errors("open_applications", [&] {
        SQLite::Statement statement(impl_->db, select_applications() +
                                                   " WHERE state = 'open' ORDER BY opened_at, id");
        return read_applications(statement);
    });
}

std::vector<ApplicationRecord> Register::query(const RegisterQuery& query) const
{
    return translate_sqlite_errors("query", [&] {
        std::string sql = select_applications() + " WHERE 1 = 1";
        if (query.from)
            sql += " AND opened_at >= :from";
        if (query.until)
            sql += " AND opened_at < :until";
        if (query.nik)
            sql += " AND nik = :nik";
        if (query.state)
            sql += " AND state = :state";
        // id breaks ties between applications opened in the same millisecond.
        sql += " ORDER BY opened_at DESC, id DESC LIMIT :limit";

        SQLite::Statement statement(impl_->db, sql);
        if (query.from)
            statement.bind(":from", static_cast<std::int64_t>(*query.from));
        if (query.until)
            statement.bind(":until", static_cast<std::int64_t>(*query.until));
        if (query.nik)
            statement.bind(":nik", *query.nik);
        if (query.state)
            statement.bind(":state", to_string(*query.state));
        constexpr auto max_limit =
            static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
        statement.bind(":limit", static_cast<std::int64_t>(std::min(query.limit, max_limit)));
        return read_applications(statement);
    });
}

std::vector<StepRecord> Register::steps_of(const std::string& application_id) const
{
    return translate_sqlite_errors("steps_of", [&] {
        SQLite::Statement statement(impl_->db,
                                    std::string("SELECT ") + step_columns +
                                        " FROM steps WHERE application_id = :application_id "
                                        "ORDER BY started_at, id");
        statement.bind(":application_id", application_id);
        std::vector<StepRecord> steps;
        while (statement.executeStep())
            steps.push_back(read_step(statement));
        return steps;
    });
}

std::optional<StepRecord> Register::open_step_of(const std::string& application_id) const
{
    // The schema allows at most one row without ended_at per application.
    return translate_sqlite_errors("open_step_of", [&]() -> std::optional<StepRecord> {
        SQLite::Statement statement(impl_->db,
                                    std::string("SELECT ") + step_columns +
                                        " FROM steps WHERE application_id = :application_id "
                                        "AND ended_at IS NULL");
        statement.bind(":application_id", application_id);
        if (!statement.executeStep())
            return std::nullopt;
        return read_step(statement);
    });
}

std::vector<CaptureRecord> Register::captures_of(const std::string& application_id) const
{
    return translate_sqlite_errors("captures_of", [&] {
        SQLite::Statement statement(impl_->db,
                                    std::string("SELECT ") + capture_columns +
                                        " FROM captures WHERE application_id = :application_id "
                                        "ORDER BY captured_at, id");
        statement.bind(":application_id", application_id);
        std::vector<CaptureRecord> captures;
        while (statement.executeStep())
            captures.push_back(read_capture(statement));
        return captures;
    });
}

} // namespace ktpel::reg
