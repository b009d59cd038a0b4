// SPDX-License-Identifier: Apache-2.0
// op.cancel and sim.inject.
#include "../api/arg_reader.hpp"
#include "operation_registration.hpp"

namespace ktpel::daemon {

void register_control_operations(OperationTable& table, StationCore& core,
                                 StationSimulation* simulation)
{
    table.add("op.cancel", "op.cancel", Access::open(), [&core](const CallPtr& call) {
        ArgReader args(call->args(), {"id"});
        const auto id = args.required_string("id", 128);
        if (!core.cancel_request(call->client(), id))
            throw ProtocolError(ErrorCode::not_found,
                                "no cancellable request \"" + id + "\" in flight", {{"id", id}});
        call->reply({{"cancelled", true}, {"id", id}});
    });

    table.add(
        "sim.inject", "sim", Access::any_of({auth::kTechnicianRole}),
        [&core, simulation](const CallPtr& call) {
            // Fault arguments vary by fault, so only device and fault are checked
            // here; the emulator validates the rest.
            const auto& raw = call->args();
            const auto device_it = raw.find("device");
            const auto fault_it = raw.find("fault");
            if (device_it == raw.end() || !device_it->is_string())
                throw ProtocolError(ErrorCode::invalid_args, "argument \"device\" is required",
                                    {{"arg", "device"}});
            if (fault_it == raw.end() || !fault_it->is_string())
                throw ProtocolError(ErrorCode::invalid_args, "argument \"fault\" is required",
                                    {{"arg", "fault"}});
            const auto device = device_it->get<std::string>();
            const auto fault = fault_it->get<std::string>();
            const auto description = core.devices.describe(device); // not_found first
            if (!simulation || (!description.value("simulated", false) &&
                                !simulation->simulates_reader(core.devices.location(device))))
                throw ProtocolError(ErrorCode::invalid_args, device + " is not a simulated device",
                                    {{"arg", "device"}, {"reason", "not_simulated"}});
            auto location = core.devices.location(device);
            nlohmann::json result;
            try {
                result = simulation->inject(core.devices, location, fault, raw);
            } catch (const FaultRejected& rejected) {
                throw ProtocolError(ErrorCode::invalid_args, rejected.what(), rejected.details());
            }
            result["device"] = device;
            result["fault"] = fault;
            call->reply(std::move(result));
        });
}

} // namespace ktpel::daemon
