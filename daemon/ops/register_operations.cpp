// SPDX-License-Identifier: Apache-2.0
// register.query, register.report, register.export: the register of every
// service given, for the section head and the office's reports.
#include <sstream>

#include "../api/arg_reader.hpp"
#include "station_services.hpp"

namespace ktpel::daemon {
namespace {

reg::Register& register_of(StationServices& services)
{
    if (!services.register_)
        throw ProtocolError(ErrorCode::not_found, "this station has no register configured", {});
    return *services.register_;
}

// "YYYY-MM-DD" (an office day, WIB) -> its first millisecond in UTC.
reg::Millis day_start(const std::string& date, const char* arg)
{
    int y = 0;
    unsigned m = 0, d = 0;
    char dash1 = 0, dash2 = 0;
    std::istringstream in(date);
    in >> y >> dash1 >> m >> dash2 >> d;
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                          std::chrono::day{d}};
    if (!in || dash1 != '-' || dash2 != '-' || !ymd.ok() || date.size() != 10)
        throw ProtocolError(ErrorCode::invalid_args,
                            std::string(arg) + " must be a date YYYY-MM-DD", {{"arg", arg}});
    const auto start = std::chrono::sys_days{ymd} - std::chrono::hours(7);
    return std::chrono::duration_cast<std::chrono::milliseconds>(start.time_since_epoch()).count();
}

std::string today()
{
    const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now() +
                                                           std::chrono::hours(7));
    const std::chrono::year_month_day ymd{day};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return text;
}

reg::RegisterQuery query_from(const ArgReader& args)
{
    reg::RegisterQuery query;
    const auto from = args.string("from", 10).value_or(today());
    const auto until = args.string("until", 10).value_or(from);
    query.from = day_start(from, "from");
    query.until = day_start(until, "until") + 24 * 3600 * 1000;
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

} // namespace

void register_register_operations(OperationTable& table, StationServices& services)
{
    table.add("register.query", "register", Access::any_of(kRegisterReaders),
              [&services](const CallPtr& call) {
                  ArgReader args(call->args(), {"from", "until", "nik", "limit"});
                  const auto query = query_from(args);
                  nlohmann::json applications = nlohmann::json::array();
                  for (const auto& application : register_of(services).query(query))
                      applications.push_back(services.applications->describe(application.id));
                  call->reply({{"applications", applications}});
              });

    table.add("register.report", "register", Access::any_of(kRegisterReaders),
              [&services](const CallPtr& call) {
                  ArgReader args(call->args(), {"date"});
                  const auto date = args.string("date", 10).value_or(today());
                  day_start(date, "date"); // validates
                  const auto report = register_of(services).daily_report(date);
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
                               {"started", report.started},
                               {"completed", report.completed},
                               {"ended_at_decision", report.ended_at_decision},
                               {"cancelled", report.cancelled},
                               {"still_open", report.still_open},
                               {"steps", steps}});
              });

    table.add("register.export", "register", Access::any_of({"kasi_yanmum"}),
              [&services](const CallPtr& call) {
                  ArgReader args(call->args(), {"from", "until", "nik", "limit"});
                  const auto csv = register_of(services).export_csv(query_from(args));
                  call->reply(
                      {{"csv", blob_ref(1, {{"format", "text/csv"}, {"bytes", csv.size()}})}},
                      {Blob(std::vector<std::uint8_t>(csv.begin(), csv.end()))});
              });
}

} // namespace ktpel::daemon
