// SPDX-License-Identifier: Apache-2.0
#include "device_operation.hpp"

#include <chrono>

#include <openssl/evp.h>

#include "../api/domain_error_mapping.hpp"
#include "common/log.hpp"
#include "common/sha256.hpp"

namespace ktpel::daemon {

std::string resolve_device(const StationCore& core, const std::optional<std::string>& named,
                           drivers::DeviceClass wanted)
{
    if (!named)
        return core.devices.first_of_class(wanted);
    const auto actual = core.devices.device_class(*named); // throws not_found
    if (actual != wanted)
        throw ProtocolError(ErrorCode::invalid_args,
                            *named + " is a " + std::string(drivers::to_string(actual)) +
                                ", not a " + std::string(drivers::to_string(wanted)),
                            {{"arg", "device"}, {"class", drivers::to_string(actual)}});
    return *named;
}

namespace {

// The application an operation serves, and the step it started in.
struct ServedStep
{
    ApplicationService& applications;
    std::string application;
    std::string step;
};

void start_operation(StationCore& core, const CallPtr& call, OperationRequest operation,
                     const std::optional<ServedApplication>& application, SuccessHook on_success,
                     FailureHook on_failure)
{
    const auto started = std::chrono::steady_clock::now();
    const auto& request = call->request();
    auto& events = core.events;
    const auto device_id = operation.device_id;
    operation.claimant = request.id;
    operation.on_progress = [&events, id = request.id, op = request.op,
                             device_id](drivers::ProgressStage stage, const nlohmann::json& data) {
        nlohmann::json event = data;
        event["id"] = id;
        event["op"] = op;
        event["device"] = device_id;
        event["stage"] = drivers::to_string(stage);
        events.publish("op.progress", std::move(event));
    };
    // Previews have a topic of their own: a client that only wants the
    // progress words does not receive images it would throw away.
    operation.on_preview = [&events, id = request.id, op = request.op,
                            device_id](nlohmann::json meta, SharedBytes image) {
        meta["id"] = id;
        meta["op"] = op;
        meta["device"] = device_id;
        events.publish("op.preview", std::move(meta), {std::move(image)});
    };
    // Results name the device and its serial: the register and the central
    // system need to know which sensor took a sample.
    const auto serial = core.devices.describe(device_id)["identity"].value("serial", "");
    std::optional<ServedStep> served;
    if (application)
        served.emplace(application->applications, application->id,
                       application->applications.current_step_of(application->id));
    auto in_flight_token = std::make_shared<std::uint64_t>(0);
    operation.on_done = [&events, call, started, device_id, serial, served, in_flight_token,
                         on_success, on_failure](OperationOutcome outcome) {
        if (served) {
            served->applications.operations().end(*in_flight_token);
            // Transitions refuse while this runs, so the step should still be
            // in progress; if it is not, nothing of this result may be
            // registered or held under another step or a closed application.
            if (!outcome.error &&
                !served->applications.step_in_progress(served->application, served->step)) {
                outcome.error =
                    DomainError(Fault::sop_order,
                                "step " + served->step + " of application " + served->application +
                                    " ended while the operation ran: its result is not "
                                    "registered",
                                {{"application", served->application},
                                 {"step", served->step},
                                 {"reason", "step_ended"}});
                outcome.blobs.clear();
            }
        }
        // From here on the failure is the reply's: the domain's goes through
        // the one mapping table.
        std::optional<Error> error;
        if (outcome.error)
            error = to_protocol_error(*outcome.error);
        if (!error && on_success) {
            try {
                on_success(outcome, serial);
            } catch (const DomainError& e) {
                error = to_protocol_error(e); // e.g. no room to hold the samples
                outcome.blobs.clear();
            } catch (const ProtocolError& e) {
                error = e.error();
                outcome.blobs.clear();
            } catch (const std::exception& e) {
                // The sample exists but its register entry does not: do not
                // hand it out as if it were recorded.
                error = Error{ErrorCode::internal,
                              std::string("could not record the capture: ") + e.what(),
                              {}};
                outcome.blobs.clear();
            }
        }
        if (error && on_failure) {
            try {
                on_failure(*error, serial);
            } catch (const std::exception& e) {
                // The failure itself is what the client must hear; that its
                // register entry is missing goes with it and to the log.
                log::error("could not record the failure of " + call->request().op + " " +
                           call->request().id + ": " + e.what());
                error->details["not_recorded"] = e.what();
            }
        }
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::steady_clock::now() - started)
                                 .count();
        events.publish("op.done", {{"id", call->request().id},
                                   {"op", call->request().op},
                                   {"device", device_id},
                                   {"ok", !error},
                                   {"code", error ? nlohmann::json(to_string(error->code))
                                                  : nlohmann::json(nullptr)},
                                   {"elapsed_ms", elapsed}});
        if (error) {
            call->fail(std::move(*error));
            return;
        }
        outcome.result["device"] = device_id;
        outcome.result["serial"] = serial;
        call->reply(std::move(outcome.result), std::move(outcome.blobs));
    };
    auto stop = core.devices.run(std::move(operation)); // throws device_busy, ...
    if (served)
        *in_flight_token = served->applications.operations().begin(
            {served->application, served->step, request.id, request.op, device_id,
             call->require_officer().id});
    call->set_canceller([stop]() mutable { stop.request_stop(); });
}

} // namespace

void start_device_operation(StationCore& core, const CallPtr& call,
                            const std::optional<ServedApplication>& served,
                            const std::string& device_id, std::chrono::milliseconds deadline,
                            DeviceWork work, SuccessHook on_success, FailureHook on_failure)
{
    OperationRequest operation;
    operation.device_id = device_id;
    operation.deadline = deadline;
    operation.work = std::move(work);
    start_operation(core, call, std::move(operation), served, std::move(on_success),
                    std::move(on_failure));
}

void start_job_across_devices(StationCore& core, const CallPtr& call,
                              const std::optional<ServedApplication>& served,
                              const std::string& device_id, std::vector<std::string> companions,
                              std::chrono::milliseconds deadline, CompanionWork work,
                              SuccessHook on_success, FailureHook on_failure)
{
    OperationRequest operation;
    operation.device_id = device_id;
    operation.companion_ids = std::move(companions);
    operation.deadline = deadline;
    operation.companion_work = std::move(work);
    start_operation(core, call, std::move(operation), served, std::move(on_success),
                    std::move(on_failure));
}

} // namespace ktpel::daemon
