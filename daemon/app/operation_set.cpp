// SPDX-License-Identifier: Apache-2.0
#include "operation_set.hpp"

#include <memory>

#include "daemon/card/card_renderer.hpp"

namespace ktpel::app {

void register_operations(daemon::OperationTable& table, daemon::StationServices& services,
                         daemon::StationSimulation* simulation,
                         std::optional<card::CardLayout> card_layout)
{
    using namespace daemon;
    const bool with_sop = services.applications != nullptr;
    register_station_operations(table, services, simulation);
    register_device_operations(table, services);
    register_capture_operations(table, services);
    register_control_operations(table, services, simulation);
    register_session_operations(table, services);
    if (card_layout) {
        auto renderer = std::make_shared<const card::CardRenderer>(std::move(*card_layout));
        register_card_operations(table, services, renderer);
        if (with_sop)
            register_card_issue(table, services, renderer);
    }
    if (with_sop) {
        register_card_activation(table, services);
        register_sop_operations(table, services);
        register_register_operations(table, services);
        register_capture_store_operations(table, services);
    }
}

} // namespace ktpel::app
