// SPDX-License-Identifier: Apache-2.0
// Card jobs: every blank a printer fed (or refused to feed), where it
// ended, and the day's card statistics built from them.
#include <map>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "register.hpp"
#include "register_impl.hpp"

namespace ktpel::reg {
namespace {

constexpr const char* kColumns =
    "id, application_id, operation, officer, printer_id, printer_serial, encoder_serial, "
    "chip_uid, card_fate, error_code, reason, bytes_sent, started_at, ended_at, voided_at, "
    "voided_by, void_reason";

CardAttemptRecord read_attempt(SQLite::Statement& statement)
{
    CardAttemptRecord attempt;
    attempt.id = statement.getColumn(0).getInt64();
    if (!statement.getColumn(1).isNull())
        attempt.application_id = statement.getColumn(1).getString();
    attempt.operation = statement.getColumn(2).getString();
    attempt.officer = statement.getColumn(3).getString();
    attempt.printer_id = statement.getColumn(4).getString();
    attempt.printer_serial = statement.getColumn(5).getString();
    attempt.encoder_serial = statement.getColumn(6).getString();
    attempt.chip_uid = statement.getColumn(7).getString();
    attempt.card_fate = statement.getColumn(8).getString();
    attempt.error_code = statement.getColumn(9).getString();
    attempt.reason = statement.getColumn(10).getString();
    attempt.bytes_sent = statement.getColumn(11).getInt64();
    attempt.started_at = statement.getColumn(12).getInt64();
    attempt.ended_at = statement.getColumn(13).getInt64();
    if (!statement.getColumn(14).isNull())
        attempt.voided_at = statement.getColumn(14).getInt64();
    attempt.voided_by = statement.getColumn(15).getString();
    attempt.void_reason = statement.getColumn(16).getString();
    return attempt;
}

std::vector<CardAttemptRecord> read_all(SQLite::Statement& statement)
{
    std::vector<CardAttemptRecord> attempts;
    while (statement.executeStep())
        attempts.push_back(read_attempt(statement));
    return attempts;
}

} // namespace

std::int64_t Register::record_card_attempt(const CardAttemptRecord& attempt,
                                           const std::optional<StepFact>& fact)
{
    if (fact && (!attempt.application_id || fact->application_id != *attempt.application_id))
        throw RegisterError("register: record_card_attempt: a card's fact belongs to the card's "
                            "application");
    return translate_sqlite_errors("record_card_attempt", [&] {
        auto& db = impl_->db;
        SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement statement(
            db, std::string("INSERT INTO card_attempts (") + kColumns +
                    ") VALUES (NULL, :application_id, :operation, :officer, :printer_id, "
                    ":printer_serial, :encoder_serial, :chip_uid, :card_fate, :error_code, "
                    ":reason, :bytes_sent, :started_at, :ended_at, NULL, '', '')");
        if (attempt.application_id)
            statement.bind(":application_id", *attempt.application_id);
        else
            statement.bind(":application_id");
        statement.bind(":operation", attempt.operation);
        statement.bind(":officer", attempt.officer);
        statement.bind(":printer_id", attempt.printer_id);
        statement.bind(":printer_serial", attempt.printer_serial);
        statement.bind(":encoder_serial", attempt.encoder_serial);
        statement.bind(":chip_uid", attempt.chip_uid);
        statement.bind(":card_fate", attempt.card_fate);
        statement.bind(":error_code", attempt.error_code);
        statement.bind(":reason", attempt.reason);
        statement.bind(":bytes_sent", attempt.bytes_sent);
        statement.bind(":started_at", static_cast<std::int64_t>(attempt.started_at));
        statement.bind(":ended_at", static_cast<std::int64_t>(attempt.ended_at));
        statement.exec();
        const auto id = db.getLastInsertRowid();
        if (fact) {
            auto stored = *fact;
            stored.source = "card-" + std::to_string(id);
            insert_fact(db, stored);
        }
        transaction.commit();
        return id;
    });
}

void Register::void_card(std::int64_t attempt_id, const std::string& officer,
                         const std::string& reason, Millis at)
{
    if (reason.empty())
        throw RegisterError("register: void_card: a voided card needs its reason");
    translate_sqlite_errors("void_card", [&] {
        auto& db = impl_->db;
        SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement find(db, "SELECT application_id, card_fate, error_code, voided_at FROM "
                                   "card_attempts WHERE id = :id");
        find.bind(":id", static_cast<std::int64_t>(attempt_id));
        if (!find.executeStep() || find.getColumn(0).isNull())
            throw RegisterError("register: void_card: no card of an application has id " +
                                std::to_string(attempt_id));
        const auto application = find.getColumn(0).getString();
        if (find.getColumn(1).getString() != "delivered" || !find.getColumn(2).getString().empty())
            throw RegisterError("register: void_card: card " + std::to_string(attempt_id) +
                                " was not delivered");
        if (!find.getColumn(3).isNull())
            throw RegisterError("register: void_card: card " + std::to_string(attempt_id) +
                                " is already voided");
        find.reset();
        SQLite::Statement update(db, "UPDATE card_attempts SET voided_at = :at, voided_by = "
                                     ":officer, void_reason = :reason WHERE id = :id");
        update.bind(":at", static_cast<std::int64_t>(at));
        update.bind(":officer", officer);
        update.bind(":reason", reason);
        update.bind(":id", static_cast<std::int64_t>(attempt_id));
        update.exec();
        withdraw_facts_in(db, application, "card-" + std::to_string(attempt_id), at,
                          "voided: " + reason);
        transaction.commit();
    });
}

std::vector<CardAttemptRecord> Register::card_attempts_of(const std::string& application_id) const
{
    return translate_sqlite_errors("card_attempts_of", [&] {
        SQLite::Statement statement(
            impl_->db, std::string("SELECT ") + kColumns +
                           " FROM card_attempts WHERE application_id = :application_id "
                           "ORDER BY started_at, id");
        statement.bind(":application_id", application_id);
        return read_all(statement);
    });
}

std::vector<CardAttemptRecord> Register::card_attempts_between(Millis from, Millis until) const
{
    return translate_sqlite_errors("card_attempts_between", [&] {
        SQLite::Statement statement(impl_->db,
                                    std::string("SELECT ") + kColumns +
                                        " FROM card_attempts WHERE started_at >= :from AND "
                                        "started_at < :until ORDER BY started_at, id");
        statement.bind(":from", static_cast<std::int64_t>(from));
        statement.bind(":until", static_cast<std::int64_t>(until));
        return read_all(statement);
    });
}

CardStatistics card_statistics(const std::vector<CardAttemptRecord>& attempts)
{
    CardStatistics statistics;
    std::map<std::string, std::size_t> by_reason;
    for (const auto& attempt : attempts) {
        if (attempt.spoiled()) {
            ++statistics.spoiled;
            ++by_reason[attempt.reason.empty() ? attempt.error_code : attempt.reason];
        } else if (attempt.card_fate == "not_fed") {
            ++statistics.refused;
        } else if (!attempt.application_id) {
            ++statistics.test_cards;
        } else if (attempt.error_code.empty()) {
            ++statistics.delivered;
            if (attempt.voided_at)
                ++statistics.voided;
        }
    }
    statistics.spoiled_by_reason.assign(by_reason.begin(), by_reason.end());
    return statistics;
}

} // namespace ktpel::reg
