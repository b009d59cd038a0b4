// SPDX-License-Identifier: Apache-2.0
// Shared by the files that implement Register (open and writes, queries,
// report, export); not part of the register's interface.
#pragma once

#include <string>
#include <utility>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>

#include "register.hpp"

namespace ktpel::reg {

struct Register::Impl
{
    Impl(const std::string& path, OfficeTimeZone time_zone);

    std::string path;
    OfficeTimeZone time_zone;
    SQLite::Database db;
    int version = 0;
};

// Counts a day's card jobs (card_attempts.cpp; daily_report.cpp uses it).
CardStatistics card_statistics(const std::vector<CardAttemptRecord>& attempts);

// Inserts a completed service's receipt row (receipts.cpp), inside the
// caller's transaction.
void insert_receipt(SQLite::Database& db, const ReceiptRecord& receipt);

// Inserts a step fact (register_facts.cpp) inside the caller's
// transaction; returns its row id.
std::int64_t insert_fact(SQLite::Database& db, const StepFact& fact);
// Withdraws the live facts resting on `source`, inside the caller's
// transaction; returns how many.
std::size_t withdraw_facts_in(SQLite::Database& db, const std::string& application_id,
                              const std::string& source, Millis at, const std::string& reason);

// Runs `body`, turning SQLite's exceptions into RegisterError so callers see
// one error type that names the operation; RegisterErrors pass unchanged.
// Any open SQLite::Transaction in `body` has rolled back by the time the
// RegisterError leaves, so a failed write has changed nothing.
template <typename Body>
auto translate_sqlite_errors(const std::string& operation, Body&& body) -> decltype(body())
{
    try {
        return std::forward<Body>(body)();
    } catch (const SQLite::Exception& error) {
        throw RegisterError(std::string("register: ") + operation + ": " + error.what() +
                            " (sqlite error " + std::to_string(error.getExtendedErrorCode()) + ")");
    }
}

} // namespace ktpel::reg
