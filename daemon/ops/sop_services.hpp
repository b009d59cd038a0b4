// SPDX-License-Identifier: Apache-2.0
// What a station with an SOP adds for the handlers: the application
// service, its register and the receipts. Handlers registered only with
// an SOP take it by reference; the device operations, which also serve a
// technician's diagnostics on a station without one, meet it only through
// authorize_device_use.
#pragma once

#include <optional>
#include <string>

#include "../api/call.hpp"
#include "../register/register.hpp"
#include "../services/application_service.hpp"
#include "../services/receipt_issuer.hpp"

namespace ktpel::daemon {

struct SopServices
{
    ApplicationService& applications;
    reg::Register& register_db;
    const ReceiptIssuer& receipts;
};

// The application a device operation serves.
struct ServedApplication
{
    ApplicationService& applications;
    std::string id;
};

// Checks that the officer may run `operation` for `application` now (its
// step, its role). Throws the SOP's refusal.
ServedApplication serve_application(SopServices& sop, const CallPtr& call,
                                    const std::string& operation, const std::string& application);

// For device operations: with args.application, the check above; without
// one, the officer must be a technician (diagnostics, outside any service)
// and nothing is served. `sop` is null on a station without an SOP, where
// only diagnostics exist and an application is refused as not_found.
std::optional<ServedApplication>
authorize_device_use(SopServices* sop, const CallPtr& call, const std::string& operation,
                     const std::optional<std::string>& application);

} // namespace ktpel::daemon
