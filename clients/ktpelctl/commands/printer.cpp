// SPDX-License-Identifier: Apache-2.0
// `ktpelctl printer status` (printer.status) and `ktpelctl print test-card`
// (printer.print without an application): what a technician runs after
// clearing a jam or changing a ribbon.
#include <iostream>
#include <memory>

#include <unistd.h>

#include "../long_operation.hpp"
#include "../output.hpp"
#include "../table.hpp"
#include "commands.hpp"

namespace ktpelctl {
namespace {

using nlohmann::json;

// A card takes seconds on a real printer; the daemon gives a job 120 s.
constexpr std::chrono::seconds kPrintAllowance{120};

// What to do about a condition, in the words of the counter.
const char* advice_for(const std::string& condition)
{
    if (condition == "cover_open")
        return "close the printer's cover";
    if (condition == "feeder_empty")
        return "load blank cards into the hopper";
    if (condition == "ribbon_ended")
        return "replace the ribbon";
    if (condition == "ribbon_low")
        return "have a new ribbon ready";
    if (condition == "card_jam")
        return "open the printer, remove the jammed card, close it";
    if (condition == "mechanical_error")
        return "power-cycle the printer; call service if it persists";
    return "";
}

void printer_status(Connection& connection, const std::string& device)
{
    json args = json::object();
    if (!device.empty())
        args["device"] = device;
    const json result = connection.call_ok("printer.status", args);
    if (connection.json_output()) {
        print_json(std::cout, result);
        return;
    }
    Table table({"PRINTER", "SERIAL", "READY", "CONDITION", "RIBBON PANELS", "CARDS IN HOPPER"});
    table.add_row({cell(result, "/device"), cell(result, "/serial"),
                   result.value("ready", false) ? "yes" : "no", cell(result, "/condition"),
                   cell(result, "/ribbon_panels_left"), cell(result, "/cards_in_hopper")});
    table.print(std::cout);
    if (const auto advice = advice_for(result.value("condition", std::string{})); *advice)
        std::cout << "to do: " << advice << '\n';
}

struct TestCardOptions
{
    std::string device;
    std::string after = "reject";
    std::string panels = "compressed";
};

void print_test_card(Connection& connection, const TestCardOptions& options)
{
    // The daemon prints its own specimen: a test print carries no holder.
    json args = {{"after", options.after}, {"panels", options.panels}};
    if (!options.device.empty())
        args["device"] = options.device;

    ktpel::Client& client = connection.client();
    Feedback feedback(options.device.empty() ? "printer" : options.device,
                      ::isatty(STDOUT_FILENO) && !connection.json_output());
    auto events = progress_events(connection, feedback);
    const auto id = client.send("printer.print", args);
    const auto reply = await_reply(client, id, "printer.print", events ? &*events : nullptr,
                                   kPrintAllowance + connection.timeout(), feedback);
    feedback.finish();
    if (!reply.ok) {
        auto error = reply.error.value_or(ktpel::Error{});
        if (!connection.json_output()) {
            const auto card = error.details.value("card", std::string{});
            if (card == "rejected")
                std::cerr << "ktpelctl: the card went to the reject box\n";
            else if (card == "stuck")
                std::cerr << "ktpelctl: the card is still in the printer: remove it\n";
            if (const auto advice = advice_for(error.details.value("reason", std::string{}));
                *advice)
                std::cerr << "ktpelctl: to do: " << advice << '\n';
        }
        throw ktpel::ProtocolError(std::move(error));
    }
    const auto& result = reply.result;
    if (connection.json_output()) {
        print_json(std::cout, result);
        return;
    }
    std::cout << cell(result, "/device") << " (" << cell(result, "/serial")
              << "): test card printed, card " << cell(result, "/card") << '\n'
              << "  " << cell(result, "/bytes_sent") << " bytes sent ("
              << cell(result, "/panels/compressed") << " panels compressed, "
              << cell(result, "/panels/raw") << " raw), last byte "
              << cell(result, "/submit_to_last_byte_ms") << " ms after submission, printing "
              << cell(result, "/print_ms") << " ms\n";
}

} // namespace

Command add_printer_command(CLI::App& app, Connection& connection)
{
    auto* printer = app.add_subcommand("printer", "The card printer");
    printer->require_subcommand(1);
    auto* status = printer->add_subcommand(
        "status", "Ask the printer how it is (printer.status): ribbon, hopper, faults, and what "
                  "to do about them; needs a technician or SIAK operator session");
    auto device = std::make_shared<std::string>();
    status->add_option("--device", *device, "Printer id (default: the daemon's first printer)")
        ->type_name("ID");
    return {status, [&connection, device] {
                printer_status(connection, *device);
            }};
}

Command add_print_command(CLI::App& app, Connection& connection)
{
    auto* print = app.add_subcommand("print", "Print without an application (technicians)");
    print->require_subcommand(1);
    auto* test_card = print->add_subcommand(
        "test-card", "Print a specimen card (printer.print without an application) to check "
                     "colours, alignment and the printer after a repair; Ctrl-C cancels and the "
                     "card goes to the reject box");
    auto options = std::make_shared<TestCardOptions>();
    test_card->add_option("--device", options->device, "Printer id (default: the first)")
        ->type_name("ID");
    test_card
        ->add_option("--after", options->after,
                     "Where the card goes: reject (default: the reject box), eject")
        ->check(CLI::IsMember({"reject", "eject"}));
    test_card
        ->add_option("--panels", options->panels,
                     "Panel transfer: compressed (default) or raw, to rule out the printer's "
                     "decompressor")
        ->check(CLI::IsMember({"compressed", "raw"}));
    return {test_card, [&connection, options] {
                print_test_card(connection, *options);
            }};
}

} // namespace ktpelctl
