// SPDX-License-Identifier: Apache-2.0
// Step facts: what services recorded for an application's steps, the
// ground the SOP engine checks a step's evidence against.
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "register.hpp"
#include "register_impl.hpp"

namespace ktpel::reg {
namespace {

constexpr const char* kColumns = "id, application_id, step_id, fact, subject, source, "
                                 "detail_json, recorded_at, withdrawn_at, withdrawn_reason";

StepFact read_fact(SQLite::Statement& statement)
{
    StepFact fact;
    fact.id = statement.getColumn(0).getInt64();
    fact.application_id = statement.getColumn(1).getString();
    fact.step_id = statement.getColumn(2).getString();
    fact.fact = statement.getColumn(3).getString();
    fact.subject = statement.getColumn(4).getString();
    fact.source = statement.getColumn(5).getString();
    fact.detail_json = statement.getColumn(6).getString();
    fact.recorded_at = statement.getColumn(7).getInt64();
    if (!statement.getColumn(8).isNull())
        fact.withdrawn_at = statement.getColumn(8).getInt64();
    fact.withdrawn_reason = statement.getColumn(9).getString();
    return fact;
}

} // namespace

std::int64_t insert_fact(SQLite::Database& db, const StepFact& fact)
{
    if (fact.application_id.empty() || fact.step_id.empty() || fact.fact.empty())
        throw RegisterError("register: a step fact needs its application, step and fact");
    SQLite::Statement statement(
        db, std::string("INSERT INTO step_facts (") + kColumns +
                ") VALUES (NULL, :application_id, :step_id, :fact, :subject, :source, "
                ":detail_json, :recorded_at, NULL, '')");
    statement.bind(":application_id", fact.application_id);
    statement.bind(":step_id", fact.step_id);
    statement.bind(":fact", fact.fact);
    statement.bind(":subject", fact.subject);
    statement.bind(":source", fact.source);
    statement.bind(":detail_json", fact.detail_json.empty() ? std::string("{}") : fact.detail_json);
    statement.bind(":recorded_at", static_cast<std::int64_t>(fact.recorded_at));
    statement.exec();
    return db.getLastInsertRowid();
}

std::size_t withdraw_facts_in(SQLite::Database& db, const std::string& application_id,
                              const std::string& source, Millis at, const std::string& reason)
{
    SQLite::Statement statement(db, "UPDATE step_facts SET withdrawn_at = :at, "
                                    "withdrawn_reason = :reason WHERE application_id = "
                                    ":application_id AND source = :source AND withdrawn_at IS "
                                    "NULL");
    statement.bind(":at", static_cast<std::int64_t>(at));
    statement.bind(":reason", reason);
    statement.bind(":application_id", application_id);
    statement.bind(":source", source);
    return static_cast<std::size_t>(statement.exec());
}

std::int64_t Register::record_fact(const StepFact& fact)
{
    return translate_sqlite_errors("record_fact", [&] {
        SQLite::Transaction transaction(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
        const auto id = insert_fact(impl_->db, fact);
        transaction.commit();
        return id;
    });
}

std::size_t Register::withdraw_facts(const std::string& application_id, const std::string& source,
                                     Millis at, const std::string& reason)
{
    return translate_sqlite_errors("withdraw_facts", [&] {
        SQLite::Transaction transaction(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
        const auto count = withdraw_facts_in(impl_->db, application_id, source, at, reason);
        transaction.commit();
        return count;
    });
}

std::vector<StepFact> Register::facts_of(const std::string& application_id) const
{
    return translate_sqlite_errors("facts_of", [&] {
        SQLite::Statement statement(impl_->db, std::string("SELECT ") + kColumns +
                                                   " FROM step_facts WHERE application_id = "
                                                   ":application_id ORDER BY id");
        statement.bind(":application_id", application_id);
        std::vector<StepFact> facts;
        while (statement.executeStep())
            facts.push_back(read_fact(statement));
        return facts;
    });
}

} // namespace ktpel::reg
