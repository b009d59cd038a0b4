// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/sha256.hpp"
#include "sop_services.hpp"
#include "station_core.hpp"

namespace ktpel::daemon {

// Picks the device an operation names in args.device, or the first of its
// class. Throws not_found, or invalid_args when the device is of another
// class.
std::string resolve_device(const StationCore& core, const std::optional<std::string>& named,
                           drivers::DeviceClass wanted);

// Runs `work` on a device for a call: claims the device, publishes
// op.progress and op.done tagged with the request id, wires op.cancel, and
// answers the call with the outcome. When it serves an application (not a
// technician's diagnostics) the operation is in flight for it until it
// ends, and a transition or cancel of the application refuses meanwhile;
// should its step have ended all the same, its result registers nothing
// and the call fails with sop_order (details.reason "step_ended").
// Runs on the loop after a success, before the reply: where register
// facts about the operation are committed and samples put in the capture
// store. It may add to the result.
using SuccessHook =
    std::function<void(OperationOutcome& outcome, const std::string& device_serial)>;

// Runs on the loop after a failure, before the error reply: where register
// facts about a failed operation (a spoiled card) are committed. It gets
// the reply's error (a domain failure already through the mapping table)
// and may add to its details.
using FailureHook = std::function<void(Error& error, const std::string& device_serial)>;

void start_device_operation(StationCore& core, const CallPtr& call,
                            const std::optional<ServedApplication>& served,
                            const std::string& device_id, std::chrono::milliseconds deadline,
                            DeviceWork work, SuccessHook on_success = {},
                            FailureHook on_failure = {});

// The same for a job across devices: `companions` are claimed with
// `device_id` (all or none) and `work` gets them by id. A failure of a
// companion is thrown as CompanionFailure so the error names it.
void start_job_across_devices(StationCore& core, const CallPtr& call,
                              const std::optional<ServedApplication>& served,
                              const std::string& device_id, std::vector<std::string> companions,
                              std::chrono::milliseconds deadline, CompanionWork work,
                              SuccessHook on_success = {}, FailureHook on_failure = {});

} // namespace ktpel::daemon
