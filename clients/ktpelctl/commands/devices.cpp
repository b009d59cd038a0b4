// SPDX-License-Identifier: Apache-2.0
// `ktpelctl devices`: the device.list table, optionally for one class.
#include <iostream>
#include <memory>

#include "../output.hpp"
#include "../table.hpp"
#include "commands.hpp"

namespace ktpelctl {
namespace {

using nlohmann::json;

void list_devices(Connection& connection, const std::string& device_class)
{
    json args = json::object();
    if (!device_class.empty())
        args["class"] = device_class;
    const json result = connection.call_ok("device.list", args);

    if (connection.json_output()) {
        print_json(std::cout, result);
        return;
    }
    const json& devices = result.at("devices");
    if (devices.empty()) {
        std::cout << (device_class.empty() ? "no devices configured\n"
                                           : "no " + device_class + " devices\n");
        return;
    }
    Table table({"DEVICE", "CLASS", "STATE", "REASON", "DRIVER", "MODEL", "SERIAL", "FIRMWARE",
                 "LOCATION", "SIMULATED", "CLAIMED BY"});
    for (const auto& device : devices) {
        table.add_row({cell(device, "/id"), cell(device, "/class"), cell(device, "/state"),
                       cell(device, "/reason"), cell(device, "/driver"),
                       cell(device, "/identity/model"), cell(device, "/identity/serial"),
                       cell(device, "/identity/firmware"), cell(device, "/location"),
                       device.value("simulated", false) ? "yes" : "no",
                       cell(device, "/claimed_by")});
    }
    table.print(std::cout);
}

} // namespace

Command add_devices_command(CLI::App& app, Connection& connection)
{
    auto* devices = app.add_subcommand("devices", "Table of the configured devices (device.list)");
    auto device_class = std::make_shared<std::string>();
    devices
        ->add_option("--class", *device_class,
                     "Only devices of this class: fingerprint_scanner, iris_scanner, camera, "
                     "card_printer, card_encoder")
        ->type_name("CLASS");
    return {devices, [&connection, device_class] {
                list_devices(connection, *device_class);
            }};
}

} // namespace ktpelctl
