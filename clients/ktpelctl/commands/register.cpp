// SPDX-License-Identifier: Apache-2.0
// `ktpelctl register` and `ktpelctl report`: the register of services
// given (register.query), the office day's report (register.report) and
// the register's CSV export (register.export), for an officer with a
// register role (--officer/--pin).
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <span>
#include <sstream>

#include "../atomic_file.hpp"
#include "../errors.hpp"
#include "../output.hpp"
#include "../table.hpp"
#include "commands.hpp"

namespace ktpelctl {
namespace {

using nlohmann::json;

// Human output shows who was served without disclosing the whole NIK: the
// province/regency prefix and the last two digits are enough to tell
// applicants apart at the counter. --json passes the daemon's result on
// unchanged, since scripts that read the register need the number itself.
std::string masked_nik(const json& application)
{
    const auto nik = application.value("nik", std::string{});
    if (nik.size() != 16)
        return std::string(nik.size(), '*');
    return nik.substr(0, 4) + std::string(10, '*') + nik.substr(14);
}

// m:ss, rounded to the second: the SOP states its times in minutes, and
// a technician compares against those, not against milliseconds.
std::string minutes_seconds(std::int64_t ms)
{
    const auto seconds = (std::max<std::int64_t>(ms, 0) + 500) / 1000;
    char text[32];
    std::snprintf(text, sizeof text, "%lld:%02lld", static_cast<long long>(seconds / 60),
                  static_cast<long long>(seconds % 60));
    return text;
}

// The office's clock as the daemon names it in a result's `time_zone`
// (WIB, WITA or WIT): the station's configuration decides, not ktpelctl.
struct OfficeClock
{
    std::string name = "UTC";
    std::chrono::minutes utc_offset{0};
};

// A result without `time_zone` (an older ktpeld) is shown in UTC, labelled
// so, rather than on a guessed clock.
OfficeClock office_clock_of(const json& result)
{
    const auto zone = result.find("time_zone");
    if (zone == result.end() || !zone->is_object() || !zone->contains("name") ||
        !zone->at("name").is_string() || !zone->contains("utc_offset_minutes") ||
        !zone->at("utc_offset_minutes").is_number_integer())
        return {};
    return {zone->at("name").get<std::string>(),
            std::chrono::minutes{zone->at("utc_offset_minutes").get<int>()}};
}

// The daemon's times are UTC (ISO 8601, "Z"); the office reads its own
// clock (no DST in Indonesia), the same day boundary the register's --date
// uses. Anything unexpected is shown as it came.
std::string office_time(const std::string& iso_utc, const OfficeClock& clock)
{
    int year = 0;
    unsigned month = 0, day = 0, hour = 0, minute = 0, second = 0;
    char zone = 0;
    if (std::sscanf(iso_utc.c_str(), "%d-%u-%uT%u:%u:%u%c", &year, &month, &day, &hour, &minute,
                    &second, &zone) != 7 ||
        zone != 'Z')
        return iso_utc;
    const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month},
                                          std::chrono::day{day}};
    if (!ymd.ok() || hour > 23 || minute > 59 || second > 60)
        return iso_utc;
    const auto utc = std::chrono::sys_days{ymd} + std::chrono::hours{hour} +
                     std::chrono::minutes{minute} + std::chrono::seconds{second};
    const auto wall = utc + clock.utc_offset;
    const auto wall_day = std::chrono::floor<std::chrono::days>(wall);
    const std::chrono::year_month_day local{wall_day};
    const std::chrono::hh_mm_ss time{wall - wall_day};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u %02ld:%02ld:%02ld",
                  static_cast<int>(local.year()), static_cast<unsigned>(local.month()),
                  static_cast<unsigned>(local.day()), static_cast<long>(time.hours().count()),
                  static_cast<long>(time.minutes().count()),
                  static_cast<long>(time.seconds().count()));
    return text;
}

// Where an application stands: its step for an open one, else how it
// ended and why.
std::string position(const json& application)
{
    if (const auto current = application.find("current_step");
        current != application.end() && current->is_object()) {
        return cell(*current, "/number") + " " + cell(*current, "/step") +
               (current->value("in_progress", false) ? " (in progress)" : " (waiting)");
    }
    std::string text = cell(application, "/end_state");
    if (const auto reason = cell(application, "/end_reason"); reason != "-")
        text += ": " + reason;
    return text;
}

// ---- ktpelctl register ------------------------------------------------

struct RegisterOptions
{
    std::string date;
    std::string from;
    std::string until;
    std::string nik;
    int limit = 0; // 0: the daemon's default
    bool steps = false;
};

json register_query_args(const RegisterOptions& options)
{
    json args = json::object();
    // --date D is the one-day range; the daemon defaults to today.
    if (!options.date.empty())
        args["from"] = args["until"] = options.date;
    if (!options.from.empty())
        args["from"] = options.from;
    if (!options.until.empty())
        args["until"] = options.until;
    if (!options.nik.empty())
        args["nik"] = options.nik;
    if (options.limit != 0)
        args["limit"] = options.limit;
    return args;
}

// A step's duration in SOP time. A training station runs time_scale
// times faster; scaling back, as register.report does, lets the duration
// stand next to the SOP's standard time.
std::string step_duration(const json& step)
{
    if (step.value("outcome", std::string{}) == "skipped")
        return "skipped";
    const auto duration = step.find("duration_ms");
    if (duration == step.end() || !duration->is_number())
        return "running";
    return minutes_seconds(duration->get<std::int64_t>() * step.value("time_scale", 1));
}

void print_steps(const json& application)
{
    std::cout << '\n'
              << cell(application, "/id") << "  " << masked_nik(application) << "  "
              << cell(application, "/state") << '\n';
    const auto& steps = application.at("steps");
    if (steps.empty()) {
        std::cout << "  no step recorded yet\n";
        return;
    }
    Table table({"#", "STEP", "OFFICER", "OUTCOME", "DURATION", "STANDARD", "OVERRUN"});
    for (const auto& step : steps) {
        table.add_row({cell(step, "/number"), cell(step, "/step"), cell(step, "/officer"),
                       step.value("outcome", std::string{}).empty() ? "-" : cell(step, "/outcome"),
                       step_duration(step), minutes_seconds(step.value("standard_ms", 0LL)),
                       step.value("overrun", false) ? "OVERRUN" : "-"});
    }
    std::ostringstream indented;
    table.print(indented);
    std::istringstream lines(indented.str());
    for (std::string line; std::getline(lines, line);)
        std::cout << "  " << line << '\n';
}

int highest_time_scale(const json& applications)
{
    int scale = 1;
    for (const auto& application : applications)
        for (const auto& step : application.at("steps"))
            scale = std::max(scale, step.value("time_scale", 1));
    return scale;
}

void show_register(Connection& connection, const RegisterOptions& options)
{
    const json result = connection.call_ok("register.query", register_query_args(options));
    if (connection.json_output()) {
        print_json(std::cout, result);
        return;
    }
    const json& applications = result.at("applications");
    if (applications.empty()) {
        std::cout << "no applications in the register for that "
                  << (options.nik.empty() ? "period" : "NIK") << '\n';
        return;
    }
    const auto clock = office_clock_of(result);
    Table table({"APPLICATION", "STATE", "STEP / END", "OPENED (" + clock.name + ")", "NIK"});
    for (const auto& application : applications) {
        table.add_row({cell(application, "/id"), cell(application, "/state"), position(application),
                       office_time(application.value("opened_at", std::string{}), clock),
                       masked_nik(application)});
    }
    table.print(std::cout);
    if (!options.steps)
        return;
    for (const auto& application : applications)
        print_steps(application);
    if (const int scale = highest_time_scale(applications); scale > 1) {
        std::cout << "\nDurations are in SOP time: steps run at time scale 1/" << scale
                  << " are shown as measured x " << scale << ".\n";
    }
}

// ---- ktpelctl report ----------------------------------------------------

struct ReportOptions
{
    std::string date;
    std::string csv_out;
    std::string from;
    std::string until;
};

// The blob result.csv.frame points at, checked against the size it claims.
const ktpel::Blob& csv_blob(const ktpel::Reply& reply)
{
    const auto unusable = [](const std::string& why) {
        return ktpel::ClientError(ktpel::ClientErrorKind::malformed_reply,
                                  "register.export result: " + why);
    };
    const json& csv = reply.result.at("csv");
    const auto frame = csv.value("frame", std::uint64_t{0});
    if (frame < 1 || frame > reply.blobs.size())
        throw unusable("csv.frame " + std::to_string(frame) + " but the reply has " +
                       std::to_string(reply.blobs.size()) + " blob(s)");
    const auto& blob = reply.blobs[frame - 1];
    if (const auto bytes = csv.find("bytes"); bytes != csv.end() && bytes->is_number_unsigned() &&
                                              bytes->get<std::uint64_t>() != blob.size())
        throw unusable("csv.bytes says " + bytes->dump() + " but the blob has " +
                       std::to_string(blob.size()));
    return blob;
}

// Writes the export; returns the number of bytes written.
std::size_t export_csv(Connection& connection, const ReportOptions& options)
{
    // Created before asking: a bad path fails fast. The export holds full
    // NIKs and KK numbers (it is the register itself): owner-only.
    AtomicFile file(options.csv_out, AtomicFile::Access::owner_only);
    json args = json::object();
    const std::string from = !options.from.empty() ? options.from : options.date;
    if (!from.empty())
        args["from"] = from;
    // Without --until the daemon ends the range at its first day.
    if (!options.until.empty())
        args["until"] = options.until;
    else if (options.from.empty() && !options.date.empty())
        args["until"] = options.date;
    const auto reply = connection.client().call("register.export", args, {}, connection.timeout());
    if (!reply.ok)
        throw ktpel::ProtocolError(reply.error.value_or(ktpel::Error{}));
    const auto& blob = csv_blob(reply);
    file.write(blob.bytes());
    file.commit();
    return blob.size();
}

std::string duration_or_dash(const json& step, const char* key, bool has_durations)
{
    return has_durations ? minutes_seconds(step.value(key, 0LL)) : "-";
}

void print_report(const json& report)
{
    std::cout << "Register report for " << cell(report, "/date") << " (office day, "
              << office_clock_of(report).name << ")\n";
    const auto line = [&report](const char* label, const char* pointer) {
        std::cout << label << std::string(22 - std::strlen(label), ' ') << cell(report, pointer)
                  << '\n';
    };
    line("services started", "/started");
    line("  completed", "/completed");
    line("  ended at a decision", "/ended_at_decision");
    line("  cancelled", "/cancelled");
    line("  still open", "/still_open");
    if (report.contains("cards")) {
        line("cards delivered", "/cards/delivered");
        line("  voided later", "/cards/voided");
        line("cards spoiled", "/cards/spoiled");
        // A named copy: items() of a temporary would outlive it.
        const json by_reason = report["cards"].value("spoiled_by_reason", json::object());
        for (const auto& [reason, count] : by_reason.items())
            std::cout << "  " << reason
                      << std::string(reason.size() < 20 ? 20 - reason.size() : 1, ' ')
                      << count.dump() << '\n';
        line("test cards", "/cards/test_cards");
        line("jobs refused", "/cards/refused");
    }
    const json& steps = report.at("steps");
    if (steps.empty()) {
        std::cout << "no step recorded on this day\n";
        return;
    }
    std::cout << '\n';
    Table table({"#", "STEP", "COUNT", "MEDIAN", "P90", "STANDARD", "OVERRUNS", "SKIPPED"});
    for (const auto& step : steps) {
        // Skipped and unfinished steps have no duration: no median of nothing.
        const bool has_durations = step.value("count", 0) > 0;
        table.add_row({cell(step, "/number"), cell(step, "/step"), cell(step, "/count"),
                       duration_or_dash(step, "median_ms", has_durations),
                       duration_or_dash(step, "p90_ms", has_durations),
                       minutes_seconds(step.value("standard_ms", 0LL)), cell(step, "/overruns"),
                       cell(step, "/skipped")});
    }
    table.print(std::cout);
}

void show_report(Connection& connection, const ReportOptions& options)
{
    json args = json::object();
    if (!options.date.empty())
        args["date"] = options.date;
    const json report = connection.call_ok("register.report", args);
    std::optional<std::size_t> exported;
    if (!options.csv_out.empty())
        exported = export_csv(connection, options);

    // Machine output is the report alone; the export is in its file.
    if (connection.json_output()) {
        print_json(std::cout, report);
        return;
    }
    print_report(report);
    if (exported)
        std::cout << "\nwrote " << *exported << " bytes of register CSV to " << options.csv_out
                  << '\n';
}

} // namespace

Command add_register_command(CLI::App& app, Connection& connection)
{
    auto* command = app.add_subcommand(
        "register", "The register of services given (register.query): applications with their "
                    "state and, with --steps, every step. Needs an officer with a register role");
    auto options = std::make_shared<RegisterOptions>();
    auto* date =
        command
            ->add_option("--date", options->date,
                         "One office day, YYYY-MM-DD (default: today on the office's clock)")
            ->type_name("DATE");
    auto* from = command->add_option("--from", options->from, "First office day, YYYY-MM-DD")
                     ->type_name("DATE");
    auto* until =
        command
            ->add_option("--until", options->until, "Last office day, YYYY-MM-DD (default: --from)")
            ->type_name("DATE");
    date->excludes(from)->excludes(until);
    command
        ->add_option("--nik", options->nik,
                     "One applicant's history over every date (16 digits; never printed in full)")
        ->type_name("NIK");
    command->add_option("--limit", options->limit, "At most this many applications")
        ->check(CLI::Range(1, 10000))
        ->type_name("N");
    command->add_flag("--steps", options->steps,
                      "Also list every application's steps: officer, duration, standard, overrun");
    return {command, [&connection, options] {
                show_register(connection, *options);
            }};
}

Command add_report_command(CLI::App& app, Connection& connection)
{
    auto* command = app.add_subcommand(
        "report", "The office day's report (register.report): services started and how they "
                  "ended, per step median and p90 against the standard time; --csv-out exports "
                  "the register (register.export, section head only)");
    auto options = std::make_shared<ReportOptions>();
    command
        ->add_option("--date", options->date,
                     "Office day, YYYY-MM-DD (default: today on the office's clock)")
        ->type_name("DATE");
    auto* csv_out = command
                        ->add_option("--csv-out", options->csv_out,
                                     "Also write the register's CSV export (full NIKs!) here")
                        ->type_name("FILE");
    command
        ->add_option("--from", options->from,
                     "First office day of the export (default: --date, else today)")
        ->type_name("DATE")
        ->needs(csv_out);
    command
        ->add_option("--until", options->until, "Last office day of the export (default: --from)")
        ->type_name("DATE")
        ->needs(csv_out);
    return {command, [&connection, options] {
                show_report(connection, *options);
            }};
}

} // namespace ktpelctl
