// SPDX-License-Identifier: Apache-2.0
// `ktpelctl inject DEVICE FAULT`: make an emulated device misbehave
// (sim.inject), to rehearse what the station does when hardware fails.
#include <charconv>
#include <cstdint>
#include <iostream>
#include <memory>
#include <vector>

#include "../errors.hpp"
#include "../output.hpp"
#include "commands.hpp"

namespace ktpelctl {
namespace {

using nlohmann::json;

struct InjectOptions
{
    std::string device;
    std::string fault;
    std::vector<std::string> fault_args; // key=value
};

// Integers go as JSON numbers ("ms=500" must reach the daemon as 500, not
// "500"); anything else stays a string.
json fault_arg_value(const std::string& text)
{
    std::int64_t number = 0;
    const auto* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, number);
    if (!text.empty() && error == std::errc{} && stop == end)
        return number;
    return text;
}

json inject_args(const InjectOptions& options)
{
    json args = {{"device", options.device}, {"fault", options.fault}};
    for (const auto& pair : options.fault_args) {
        const auto equals = pair.find('=');
        if (equals == std::string::npos || equals == 0)
            throw UsageError("--arg wants key=value, got \"" + pair + "\"");
        const std::string key = pair.substr(0, equals);
        if (args.contains(key))
            throw UsageError("--arg " + key + " given twice, or clashes with DEVICE/FAULT");
        args[key] = fault_arg_value(pair.substr(equals + 1));
    }
    return args;
}

void inject(Connection& connection, const InjectOptions& options)
{
    const json args = inject_args(options); // before connecting: usage errors come first
    const json result = connection.call_ok("sim.inject", args);
    if (connection.json_output()) {
        print_json(std::cout, result);
        return;
    }
    std::cout << result.value("device", options.device) << ": fault "
              << result.value("fault", options.fault)
              << (result.value("applied", false) ? " applied" : " not applied") << '\n';
}

} // namespace

Command add_inject_command(CLI::App& app, Connection& connection)
{
    auto* command = app.add_subcommand(
        "inject", "Inject a fault into an emulated device (sim.inject): unplug, replug, "
                  "no_subject, stall, hang, subject_delay (--arg ms=N), clear");
    auto options = std::make_shared<InjectOptions>();
    command->add_option("DEVICE", options->device, "Device id, e.g. fingerprint0")->required();
    command->add_option("FAULT", options->fault, "Fault name")->required();
    command
        ->add_option("--arg", options->fault_args,
                     "Fault argument key=value, repeatable; integers are sent as numbers")
        ->type_name("KEY=VALUE");
    return {command, [&connection, options] {
                inject(connection, *options);
            }};
}

} // namespace ktpelctl
