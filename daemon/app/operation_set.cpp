// SPDX-License-Identifier: Apache-2.0
#include "operation_set.hpp"

#include <memory>

#include "daemon/card/card_renderer.hpp"

namespace ktpel::app {

void register_operations(daemon::OperationTable& table, daemon::StationCore& core,
                         daemon::SopServices* sop, daemon::StationSimulation* simulation,
                         std::optional<card::CardLayout> card_layout)
{
    using namespace daemon;
    register_station_operations(table, core, simulation);
    register_device_operations(table, core);
    register_capture_operations(table, core, sop);
    register_control_operations(table, core, simulation);
    register_session_operations(table, core);
    std::shared_ptr<const card::CardRenderer> renderer;
    if (card_layout) {
        renderer = std::make_shared<const card::CardRenderer>(std::move(*card_layout));
        register_card_operations(table, core, sop, renderer);
    }
    if (!sop)
        return;
    if (renderer)
        register_card_issue(table, core, *sop, renderer);
    register_card_activation(table, core, *sop);
    register_sop_operations(table, core, *sop);
    register_register_operations(table, *sop);
    register_capture_store_operations(table, core, *sop);
}

} // namespace ktpel::app
