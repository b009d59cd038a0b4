// SPDX-License-Identifier: Apache-2.0
// hello and events.snapshot: what a client asks first.
#include "../api/arg_reader.hpp"
#include "operation_registration.hpp"
#include "time_zone_json.hpp"

namespace ktpel::daemon {

void register_station_operations(OperationTable& table, StationCore& core,
                                 const StationSimulation* simulation)
{
    table.add("hello", "hello", Access::open(), [&core, simulation](const CallPtr& call) {
        ArgReader args(call->args(), {"client"});
        const auto& limits = core.config.limits;
        call->reply({
            {"name", "ktpeld"},
            {"protocol", kProtocolVersion},
            {"daemon", KTPEL_VERSION},
            {"capabilities", core.operations.capabilities()},
            {"operations", core.operations.names()},
            {"access", core.operations.access_summary()},
            {"simulated", simulation != nullptr},
            {"time_zone", time_zone_json(core.config.office.time_zone)},
            {"limits",
             {{"max_message_bytes", limits.max_message_bytes},
              {"max_header_bytes", limits.max_header_bytes},
              {"max_frames", limits.max_frames},
              {"max_in_flight_per_client", limits.max_in_flight_per_client}}},
        });
    });

    table.add("events.snapshot", "events", Access::open(), [&core](const CallPtr& call) {
        ArgReader args(call->args(), {});
        // Sequences first would be the same here: both are read on the loop
        // thread, between two events.
        call->reply(
            {{"devices", core.devices.list(std::nullopt)}, {"sequences", core.events.sequences()}});
    });
}

} // namespace ktpel::daemon
