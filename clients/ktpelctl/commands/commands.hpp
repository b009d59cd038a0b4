// SPDX-License-Identifier: Apache-2.0
// ktpelctl's subcommands. Each adds itself to the CLI11 app and hands back
// what to run if the command line chose it.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "../connection.hpp"

namespace ktpelctl {

struct Command
{
    CLI::App* parsed_by; // the (sub)command whose parsing selects this one
    // Throws to fail: main() turns the exception type into the exit code.
    std::function<void()> run;
};

Command add_status_command(CLI::App& app, Connection& connection);
Command add_devices_command(CLI::App& app, Connection& connection);
Command add_watch_command(CLI::App& app, Connection& connection);
// `capture fingerprint`; `capture` is the group later kinds join.
Command add_capture_command(CLI::App& app, Connection& connection);
Command add_inject_command(CLI::App& app, Connection& connection);
Command add_cancel_command(CLI::App& app, Connection& connection);
// `register` (register.query) and `report` (register.report, register.export):
// both need an officer with a register role (--officer/--pin).
Command add_register_command(CLI::App& app, Connection& connection);
Command add_report_command(CLI::App& app, Connection& connection);
// `printer status`, `print test-card` (technicians) and `proof` (any session).
Command add_printer_command(CLI::App& app, Connection& connection);
Command add_print_command(CLI::App& app, Connection& connection);
Command add_proof_command(CLI::App& app, Connection& connection);
// `receipt`: a completed service's proof of receipt as a PDF (any officer).
Command add_receipt_command(CLI::App& app, Connection& connection);

} // namespace ktpelctl
