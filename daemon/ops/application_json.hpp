// SPDX-License-Identifier: Apache-2.0
// The protocol's application object (docs/protocol.md, Applications) from
// the application service's view, and the list's summary of one.
#pragma once

#include <nlohmann/json.hpp>

#include "../services/application_view.hpp"

namespace ktpel::daemon {

nlohmann::json application_json(const ApplicationView& view);

// One line of application.list: the masked NIK only.
nlohmann::json application_summary_json(const reg::ApplicationRecord& application);

} // namespace ktpel::daemon
