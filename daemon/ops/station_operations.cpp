// SPDX-License-Identifier: Apache-2.0
// hello and events.snapshot: what a client asks first.
#include "../api/arg_reader.hpp"
#include "station_services.hpp"
#include "time_zone_json.hpp"

namespace ktpel::daemon {

void register_station_operations(OperationTable& table, StationServices& services,
                                 const StationSimulation* simulation)
{
    table.add("hello", "hello", Access::open(), [&services, simulation](const CallPtr& call) {
        ArgReader args(call->args(), {"client"});
        const auto& limits = services.config.limits;
        call->reply({
            {"name", "ktpeld"},
            {"protocol", kProtocolVersion},
            {"daemon", KTPEL_VERSION},
            {"capabilities", services.operations.capabilities()},
            {"operations", services.operations.names()},
            {"access", services.operations.access_summary()},
            {"simulated", simulation != nullptr},
            {"time_zone", time_zone_json(services.config.office.time_zone)},
            {"limits",
             {{"max_message_bytes", limits.max_message_bytes},
              {"max_header_bytes", limits.max_header_bytes},
              {"max_frames", limits.max_frames},
              {"max_in_flight_per_client", limits.max_in_flight_per_client}}},
        });
    });

    table.add("events.snapshot", "events", Access::open(), [&services](const CallPtr& call) {
        ArgReader args(call->args(), {});
        // Sequences first would be the same here: both are read on the loop
        // thread, between two events.
        call->reply({{"devices", services.devices.list(std::nullopt)},
                     {"sequences", services.events.sequences()}});
    });
}

} // namespace ktpel::daemon
