// SPDX-License-Identifier: Apache-2.0
// `ktpelctl status`: is the daemon up, and how is every device doing.
#include <iostream>

#include "../output.hpp"
#include "../table.hpp"
#include "commands.hpp"

namespace ktpelctl {
namespace {

using nlohmann::json;

void show_status(Connection& connection)
{
    const json hello = connection.call_ok("hello");
    const json devices = connection.call_ok("device.list").at("devices");

    if (connection.json_output()) {
        print_json(std::cout, {{"hello", hello}, {"devices", devices}});
        return;
    }
    std::cout << cell(hello, "/name") << ' ' << cell(hello, "/daemon") << ", protocol "
              << cell(hello, "/protocol") << ", " << connection.endpoints().api << '\n';
    if (devices.empty()) {
        std::cout << "no devices configured\n";
        return;
    }
    Table table({"DEVICE", "CLASS", "STATE", "REASON", "SERIAL"});
    for (const auto& device : devices) {
        table.add_row({cell(device, "/id"), cell(device, "/class"), cell(device, "/state"),
                       cell(device, "/reason"), cell(device, "/identity/serial")});
    }
    table.print(std::cout);
}

} // namespace

Command add_status_command(CLI::App& app, Connection& connection)
{
    auto* status = app.add_subcommand("status", "Daemon version and the state of every device");
    return {status, [&connection] {
                show_status(connection);
            }};
}

} // namespace ktpelctl
