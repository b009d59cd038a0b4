// SPDX-License-Identifier: Apache-2.0
// ktpelctl: the technicians' command line for ktpeld. Parses the command
// line, runs the chosen subcommand, and turns what went wrong into one of
// the documented exit codes.
#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>

#include <ktpel/error.hpp>

#include "commands/commands.hpp"
#include "connection.hpp"
#include "errors.hpp"
#include "exit_code.hpp"
#include "output.hpp"

#ifndef KTPEL_VERSION
#define KTPEL_VERSION "unknown"
#endif

namespace {

using ktpelctl::ExitCode;

int exit_with(ExitCode code)
{
    return static_cast<int>(code);
}

void report_daemon_error(const ktpel::Error& error, bool json_output)
{
    if (json_output) {
        ktpelctl::print_json(std::cout, error.to_json());
        return;
    }
    std::cerr << ktpel::to_string(error.code) << ": " << error.message << '\n';
    if (!error.details.empty()) {
        std::cerr << "  details: "
                  << error.details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                  << '\n';
    }
}

int run(const ktpelctl::Command& command, bool json_output)
{
    try {
        command.run();
        return exit_with(ExitCode::ok);
    } catch (const ktpel::ProtocolError& e) {
        report_daemon_error(e.error(), json_output);
        return exit_with(ExitCode::daemon_error);
    } catch (const ktpel::ClientError& e) {
        std::cerr << "ktpelctl: " << e.what() << '\n';
        const bool answered = e.kind() == ktpel::ClientErrorKind::malformed_reply ||
                              e.kind() == ktpel::ClientErrorKind::malformed_event;
        return exit_with(answered ? ExitCode::daemon_error : ExitCode::unreachable);
    } catch (const nlohmann::json::exception& e) {
        // A result without the fields this ktpelctl relies on.
        std::cerr << "ktpelctl: unexpected reply from the daemon: " << e.what() << '\n';
        return exit_with(ExitCode::daemon_error);
    } catch (const ktpelctl::UsageError& e) {
        std::cerr << "ktpelctl: " << e.what() << "\nRun with --help for more information.\n";
        return exit_with(ExitCode::usage);
    } catch (const ktpelctl::UnreachableError& e) {
        std::cerr << "ktpelctl: " << e.what() << '\n';
        return exit_with(ExitCode::unreachable);
    } catch (const ktpelctl::Interrupted& e) {
        std::cerr << "ktpelctl: " << e.what() << '\n';
        // Die of SIGINT, now that the partial output is gone, so a calling
        // shell script stops too instead of carrying on (status 130).
        std::signal(e.signal(), SIG_DFL);
        std::raise(e.signal());
        return 128 + e.signal();
    } catch (const ktpelctl::LocalIoError& e) {
        std::cerr << "ktpelctl: " << e.what() << '\n';
        return exit_with(ExitCode::local_io);
    }
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"ktpelctl: inspect and exercise the ktpeld KTP-el station daemon", "ktpelctl"};
    app.footer(ktpelctl::exit_code_help());
    app.set_version_flag("--version", KTPEL_VERSION);
    app.require_subcommand(1);
    // Global options may also follow the subcommand: `ktpelctl status --json`.
    app.fallthrough();

    ktpelctl::GlobalOptions options;
    app.add_option("--runtime-dir", options.runtime_dir,
                   "Daemon runtime directory holding api.sock and events.sock "
                   "(default: $KTPEL_RUNTIME_DIR, else /run/ktpeld)")
        ->type_name("DIR");
    app.add_option("--api", options.api, "API endpoint (default: ipc://<runtime-dir>/api.sock)")
        ->type_name("ENDPOINT");
    app.add_option("--events", options.events,
                   "Events endpoint (default: ipc://<runtime-dir>/events.sock)")
        ->type_name("ENDPOINT");
    app.add_flag("--json", options.json,
                 "Machine output: the reply's result JSON, or the error JSON");
    app.add_option("--timeout", options.timeout_seconds,
                   "Seconds to wait for the daemon's answer (default 10; capture adds its own "
                   "timeout to this)")
        ->check(CLI::Range(0.001, 86400.0))
        ->type_name("SECONDS");

    app.add_option("--officer", options.officer,
                   "Log in as this officer first (default: $KTPEL_OFFICER); operations other than "
                   "status, devices and watch need a session, register and report one with a "
                   "register role")
        ->type_name("ID");
    app.add_option("--pin", options.pin, "The officer's PIN (default: $KTPEL_PIN)")
        ->type_name("PIN");

    ktpelctl::Connection connection(options);
    const std::vector<ktpelctl::Command> commands{
        ktpelctl::add_status_command(app, connection),
        ktpelctl::add_devices_command(app, connection),
        ktpelctl::add_watch_command(app, connection),
        ktpelctl::add_capture_command(app, connection),
        ktpelctl::add_inject_command(app, connection),
        ktpelctl::add_cancel_command(app, connection),
        ktpelctl::add_register_command(app, connection),
        ktpelctl::add_report_command(app, connection),
        ktpelctl::add_printer_command(app, connection),
        ktpelctl::add_print_command(app, connection),
        ktpelctl::add_proof_command(app, connection),
        ktpelctl::add_receipt_command(app, connection),
    };

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version arrive here too, with exit code 0.
        return app.exit(e) == 0 ? exit_with(ExitCode::ok) : exit_with(ExitCode::usage);
    }
    for (const auto& command : commands) {
        if (command.parsed_by->parsed())
            return run(command, options.json);
    }
    return exit_with(ExitCode::usage); // require_subcommand makes this unreachable
}
