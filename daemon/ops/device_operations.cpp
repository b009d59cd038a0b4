// SPDX-License-Identifier: Apache-2.0
// device.list, device.status, printer.status, encoder.detect.
#include "../api/arg_reader.hpp"
#include "common/hex_bytes.hpp"
#include "device_operation.hpp"
#include "drivers/classes/card_encoder.hpp"
#include "drivers/classes/card_printer.hpp"
#include "operation_registration.hpp"

namespace ktpel::daemon {
namespace {

} // namespace

void register_device_operations(OperationTable& table, StationCore& core)
{
    table.add("device.list", "device", Access::open(), [&core](const CallPtr& call) {
        ArgReader args(call->args(), {"class"});
        std::optional<drivers::DeviceClass> filter;
        if (const auto name = args.string("class")) {
            filter = drivers::device_class_from_string(*name);
            if (!filter)
                throw ProtocolError(ErrorCode::invalid_args,
                                    "unknown device class \"" + *name + "\"", {{"arg", "class"}});
        }
        call->reply({{"devices", core.devices.list(filter)}});
    });

    table.add("device.status", "device", Access::open(), [&core](const CallPtr& call) {
        ArgReader args(call->args(), {"device"});
        call->reply(core.devices.describe(args.required_string("device", 64)));
    });

    table.add(
        "printer.status", "card_printer", Access::any_of({auth::kTechnicianRole, "operator_siak"}),
        [&core](const CallPtr& call) {
            ArgReader args(call->args(), {"device"});
            const auto device =
                resolve_device(core, args.string("device", 64), drivers::DeviceClass::card_printer);
            start_device_operation(
                core, call, std::nullopt, device, std::chrono::seconds(10),
                [device](drivers::Device& target, const drivers::OperationContext& context) {
                    auto status = dynamic_cast<drivers::CardPrinter&>(target).query_status(context);
                    OperationOutcome outcome;
                    outcome.result = {
                        {"device", device},
                        {"ready", status.ready},
                        {"condition", status.condition},
                        {"ribbon_panels_left", status.ribbon_panels_left
                                                   ? nlohmann::json(*status.ribbon_panels_left)
                                                   : nlohmann::json(nullptr)},
                        {"cards_in_hopper", status.cards_in_hopper
                                                ? nlohmann::json(*status.cards_in_hopper)
                                                : nlohmann::json(nullptr)},
                        {"raw", status.raw},
                    };
                    if (!status.ready)
                        outcome.device_fault = status.condition;
                    return outcome;
                });
        });

    table.add("encoder.detect", "card_encoder",
              Access::any_of({auth::kTechnicianRole, "operator_siak"}),
              [&core](const CallPtr& call) {
                  ArgReader args(call->args(), {"device"});
                  const auto device = resolve_device(core, args.string("device", 64),
                                                     drivers::DeviceClass::card_encoder);
                  start_device_operation(
                      core, call, std::nullopt, device, std::chrono::seconds(10),
                      [device](drivers::Device& target, const drivers::OperationContext& context) {
                          auto presence =
                              dynamic_cast<drivers::CardEncoder&>(target).detect_card(context);
                          OperationOutcome outcome;
                          outcome.result = {{"device", device},
                                            {"present", presence.present},
                                            {"atr", ktpel::to_hex(presence.atr)}};
                          return outcome;
                      });
              });
}

} // namespace ktpel::daemon
