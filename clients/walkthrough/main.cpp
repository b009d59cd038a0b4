// SPDX-License-Identifier: Apache-2.0
// ktpel-walkthrough: three demo officers serve applicants through the
// seed SOP on a running ktpeld, narrating every step, the SOP's guard
// rails and an overrun, and end with the day's report (docs/walkthrough.md).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>

#include <ktpel/endpoints.hpp>

#include "narrator.hpp"
#include "officer_desk.hpp"
#include "overrun_watch.hpp"
#include "scenario.hpp"
#include "sop_guide.hpp"
#include "staff.hpp"
#include "walkthrough_error.hpp"

namespace {

using namespace walkthrough;

// Scripts branch on these (docs/walkthrough.md).
enum class ExitCode : int
{
    ok = 0,
    failed = 1,      // a step that should succeed failed, or a guard rail did not hold
    usage = 2,       // bad command line
    unreachable = 3, // no daemon socket, or no answer in time
};

struct Options
{
    std::string runtime_dir; // empty: ktpel::default_runtime_dir()
    double timeout_seconds = 30;
    std::string siti_pin = "111111";   // the demo officers of config/ktpeld.yaml
    std::string hendra_pin = "222222"; // (docs/officers.md): public, demo only
    std::string budi_pin = "333333";
    std::string teknisi_pin = "999999"; // steers the simulation (the applicant's card and finger)
    std::string proof_out;              // the first service's card proof (PNG); empty: none
    std::string receipt_out;            // the first service's proof of receipt (PDF); empty: none
};

// ZeroMQ retries a missing ipc socket in silence; say plainly that no
// daemon is there instead of timing out.
void require_socket(const std::string& endpoint)
{
    const auto socket = ktpel::ipc_socket_path(endpoint);
    std::error_code error;
    if (socket && !std::filesystem::exists(*socket, error))
        throw DaemonUnreachable("no daemon socket at " + socket->string() +
                                ": is ktpeld running? (--runtime-dir selects another one)");
}

// The station's office clock (WIB, WITA or WIT) as hello names it; the
// walk-through prints the cards' issue dates on it.
std::chrono::minutes office_utc_offset_of(const nlohmann::json& hello)
{
    const auto offset = hello.value("time_zone", nlohmann::json::object())
                            .value("utc_offset_minutes", nlohmann::json());
    if (!offset.is_number_integer())
        throw WalkthroughFailure("hello names no time_zone.utc_offset_minutes: this ktpeld is "
                                 "older than the walk-through");
    return std::chrono::minutes{offset.get<int>()};
}

std::string elapsed_seconds(std::chrono::milliseconds duration)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.3g s", static_cast<double>(duration.count()) / 1000.0);
    return text;
}

void introduce(Narrator& narrator, const SopGuide& sop, const Staff& staff)
{
    narrator.line("ktpel-walkthrough: SOP " + sop.number() + " (" + sop.id() + "), " +
                  std::to_string(sop.step_count()) + " steps, " +
                  minutes_seconds(sop.total_standard()) + " standard time in all");
    narrator.line("  " + sop.name_id());
    narrator.line("  " + sop.name_en());
    if (sop.time_scale() > 1)
        narrator.line(
            "  time scale 1/" + std::to_string(sop.time_scale()) +
            ": the station runs accelerated, a standard minute lasts " +
            elapsed_seconds(std::chrono::milliseconds(std::chrono::minutes(1)) / sop.time_scale()));
    std::string on_duty;
    for (const auto& desk : staff.desks())
        on_duty += (on_duty.empty() ? "" : ", ") + desk->introduction();
    narrator.line("on duty: " + on_duty);
}

int walk(const Options& options)
{
    const auto endpoints = ktpel::Endpoints::from_runtime_dir(
        options.runtime_dir.empty() ? ktpel::default_runtime_dir()
                                    : std::filesystem::path(options.runtime_dir));
    require_socket(endpoints.api);
    require_socket(endpoints.events);
    const std::chrono::milliseconds timeout{std::llround(options.timeout_seconds * 1000.0)};
    auto context = std::make_shared<zmq::context_t>(1);

    Staff staff;
    for (const auto& [officer, pin] :
         {std::pair{"siti", &options.siti_pin}, std::pair{"hendra", &options.hendra_pin},
          std::pair{"budi", &options.budi_pin}, std::pair{"teknisi", &options.teknisi_pin}})
        staff.add(std::make_unique<OfficerDesk>(endpoints.api, context, officer, *pin, timeout));

    const auto sop = SopGuide::from_description(staff.desks().front()->call("sop.describe"));
    const auto office_utc_offset = office_utc_offset_of(staff.desks().front()->call("hello"));
    Narrator narrator(std::cout, sop.step_count());
    introduce(narrator, sop, staff);
    OverrunWatch overruns(endpoints.events, context, timeout);

    Scenario scenario(sop, staff, narrator, overruns, {options.proof_out, options.receipt_out},
                      office_utc_offset);
    scenario.run();
    narrator.line("\nwalk-through complete: " + std::to_string(scenario.services()) +
                  " services, " + std::to_string(scenario.guard_rails()) + " guard rails held, " +
                  (scenario.overrun_seen() ? "1 overrun announced" : "no overrun shown"));
    return static_cast<int>(ExitCode::ok);
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"ktpel-walkthrough: three demo officers serve applicants through the seed SOP "
                 "on a running ktpeld, step by step",
                 "ktpel-walkthrough"};
    app.footer("Exit codes: 0 the walk went as the SOP says, 1 a step failed or a guard rail did "
               "not hold, 2 usage error, 3 cannot reach the daemon.");
    Options options;
    app.add_option("--runtime-dir", options.runtime_dir,
                   "Daemon runtime directory holding api.sock and events.sock "
                   "(default: $KTPEL_RUNTIME_DIR, else /run/ktpeld)")
        ->type_name("DIR");
    app.add_option("--timeout", options.timeout_seconds,
                   "Seconds to wait for each answer of the daemon (default 30)")
        ->check(CLI::Range(0.1, 3600.0))
        ->type_name("SECONDS");
    app.add_option("--proof-out", options.proof_out,
                   "Write the first service's card proof (card.proof) to this PNG")
        ->type_name("FILE");
    app.add_option("--receipt-out", options.receipt_out,
                   "Write the first service's proof of receipt (receipt.get) to this PDF")
        ->type_name("FILE");
    app.add_option("--siti-pin", options.siti_pin, "PIN of siti, the counter officer")
        ->type_name("PIN");
    app.add_option("--hendra-pin", options.hendra_pin, "PIN of hendra, the section head")
        ->type_name("PIN");
    app.add_option("--budi-pin", options.budi_pin, "PIN of budi, the SIAK operator")
        ->type_name("PIN");
    app.add_option("--teknisi-pin", options.teknisi_pin,
                   "PIN of teknisi, who plays the applicant on the simulated station")
        ->type_name("PIN");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? static_cast<int>(ExitCode::ok)
                                : static_cast<int>(ExitCode::usage);
    }

    try {
        return walk(options);
    } catch (const DaemonUnreachable& e) {
        std::cerr << "ktpel-walkthrough: " << e.what() << '\n';
        return static_cast<int>(ExitCode::unreachable);
    } catch (const WalkthroughFailure& e) {
        std::cout << std::flush;
        std::cerr << "\nktpel-walkthrough: FAILED: " << e.what() << '\n';
        return static_cast<int>(ExitCode::failed);
    } catch (const nlohmann::json::exception& e) {
        std::cerr << "\nktpel-walkthrough: FAILED: unexpected reply from the daemon: " << e.what()
                  << '\n';
        return static_cast<int>(ExitCode::failed);
    }
}
