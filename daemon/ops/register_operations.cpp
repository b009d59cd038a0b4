// SPDX-License-Identifier: Apache-2.0
// register.query, register.report, register.export: the register of every
// service given, for the section head and the office's reports.

#include "../api/arg_reader.hpp"
#include "../register/iso8601.hpp"
#include "../register/office_day.hpp"
#include "application_json.hpp"
#include "operation_registration.hpp"
#include "time_zone_json.hpp"

namespace ktpel::daemon {
namespace {

// An office day (YYYY-MM-DD on the register's office clock) named by an
// argument, or invalid_args.
reg::OfficeDay office_day_arg(const reg::Register& register_, const std::string& date,
                              const char* arg)
{
    const auto day = reg::parse_office_day(date, register_.time_zone());
    if (!day)
        throw ProtocolError(ErrorCode::invalid_args,
                            std::string(arg) + " must be a date YYYY-MM-DD", {{"arg", arg}});
    return *day;
}

std::string today(const reg::Register& register_)
{
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    return reg::iso_date(reg::office_day_of(now.count(), register_.time_zone()).date);
}

reg::RegisterQuery query_from(const reg::Register& register_, const ArgReader& args)
{
    reg::RegisterQuery query;
    const auto from = args.string("from", 10).value_or(today(register_));
    const auto until = args.string("until", 10).value_or(from);
    query.from = office_day_arg(register_, from, "from").begins_at;
    query.until = office_day_arg(register_, until, "until").ends_at;
    if (*query.until <= *query.from)
        throw ProtocolError(ErrorCode::invalid_args, "until is before from", {{"arg", "until"}});
    if (const auto nik = args.string("nik", 16)) {
        if (nik->size() != 16)
            throw ProtocolError(ErrorCode::invalid_args, "nik must be 16 digits", {{"arg", "nik"}});
        query.nik = nik;
        query.from.reset(); // one person's history: every date
        query.until.reset();
    }
    query.limit = static_cast<std::size_t>(args.integer("limit", 1, 10000).value_or(1000));
    return query;
}

const std::set<std::string> kRegisterReaders{"kasi_yanmum", "petugas_loket", "operator_siak"};

nlohmann::json cards_json(const reg::CardStatistics& cards)
{
    nlohmann::json by_reason = nlohmann::json::object();
    for (const auto& [reason, count] : cards.spoiled_by_reason)
        by_reason[reason] = count;
    return {{"delivered", cards.delivered},   {"spoiled", cards.spoiled},
            {"spoiled_by_reason", by_reason}, {"test_cards", cards.test_cards},
            {"voided", cards.voided},         {"refused", cards.refused}};
}

} // namespace

void register_register_operations(OperationTable& table, SopServices& sop)
{
    table.add("register.query", "register", Access::any_of(kRegisterReaders),
              [&sop](const CallPtr& call) {
                  ArgReader args(call->args(), {"from", "until", "nik", "limit"});
                  const auto& register_ = sop.register_db;
                  const auto query = query_from(register_, args);
                  nlohmann::json applications = nlohmann::json::array();
                  for (const auto& application : register_.query(query))
                      applications.push_back(
                          application_json(sop.applications.describe(application)));
                  call->reply({{"applications", applications},
                               {"time_zone", time_zone_json(register_.time_zone())}});
              });

    table.add("register.report", "register", Access::any_of(kRegisterReaders),
              [&sop](const CallPtr& call) {
                  ArgReader args(call->args(), {"date"});
                  const auto& register_ = sop.register_db;
                  const auto date = args.string("date", 10).value_or(today(register_));
                  office_day_arg(register_, date, "date"); // validates
                  const auto report = register_.daily_report(date);
                  nlohmann::json steps = nlohmann::json::array();
                  for (const auto& step : report.steps) {
                      steps.push_back({{"step", step.step_id},
                                       {"number", step.step_number},
                                       {"standard_ms", step.standard_ms},
                                       {"count", step.count},
                                       {"median_ms", step.median_ms},
                                       {"p90_ms", step.p90_ms},
                                       {"overruns", step.overruns},
                                       {"skipped", step.skipped}});
                  }
                  call->reply({{"date", report.date},
                               {"time_zone", time_zone_json(register_.time_zone())},
                               {"started", report.started},
                               {"completed", report.completed},
                               {"ended_at_decision", report.ended_at_decision},
                               {"cancelled", report.cancelled},
                               {"still_open", report.still_open},
                               {"steps", steps},
                               {"cards", cards_json(report.cards)}});
              });

    table.add("register.export", "register", Access::any_of({"kasi_yanmum"}),
              [&sop](const CallPtr& call) {
                  ArgReader args(call->args(), {"from", "until", "nik", "limit"});
                  const auto& register_ = sop.register_db;
                  const auto csv = register_.export_csv(query_from(register_, args));
                  call->reply(
                      {{"csv", blob_ref(1, {{"format", "text/csv"}, {"bytes", csv.size()}})}},
                      {Blob(std::vector<std::uint8_t>(csv.begin(), csv.end()))});
              });
}

} // namespace ktpel::daemon
