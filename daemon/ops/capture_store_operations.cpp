// SPDX-License-Identifier: Apache-2.0
// capture.get, capture.list, capture.discard, biometrics.bundle: the
// samples held in memory for an application, gated by the SOP steps that
// permit them (step 4, and step 5 for the bundle), like the captures.
#include <algorithm>

#include "../api/arg_reader.hpp"
#include "../captures/capture_store.hpp"
#include "operation_registration.hpp"

namespace ktpel::daemon {
namespace {

// The held capture `id`, if the officer may touch it now: it exists and
// its application's current step permits `operation` for the officer.
const HeldCapture& authorized_capture(const CaptureStore& captures,
                                      ApplicationService& applications, const CallPtr& call,
                                      const std::string& operation, const std::string& id)
{
    const auto* held = captures.find(id);
    if (!held)
        throw ProtocolError(ErrorCode::not_found,
                            "no capture " + id +
                                " is held (discarded, its application closed, or ktpeld "
                                "restarted: samples live in memory only)",
                            {{"arg", "capture"}, {"capture", id}});
    applications.authorize_operation(held->application, operation,
                                     actor_of(call->require_officer()));
    return *held;
}

nlohmann::json summary_of(const HeldCapture& held)
{
    nlohmann::json parts = nlohmann::json::array();
    for (const auto& part : held.parts) {
        auto description = part.description;
        description["name"] = part.name;
        description["bytes"] = part.bytes.size();
        parts.push_back(std::move(description));
    }
    return {{"capture", held.id},       {"application", held.application},
            {"step", held.step},        {"operation", held.operation},
            {"device", held.device},    {"serial", held.serial},
            {"officer", held.officer},  {"metadata", held.metadata},
            {"parts", std::move(parts)}};
}

// The capture with its parts as blob references, the blobs copied out of
// the store (the store keeps the only copy it can wipe).
nlohmann::json with_blobs(const HeldCapture& held, std::vector<Blob>& blobs)
{
    auto json = summary_of(held);
    json.erase("parts");
    nlohmann::json parts = nlohmann::json::object();
    for (const auto& part : held.parts) {
        blobs.emplace_back(part.bytes);
        parts[part.name] = blob_ref(blobs.size(), part.description);
    }
    json["parts"] = std::move(parts);
    return json;
}

} // namespace

void register_capture_store_operations(OperationTable& table, StationCore& core, SopServices& sop)
{
    table.add("capture.get", "capture", Access::session(),
              [&core, &applications = sop.applications](const CallPtr& call) {
                  ArgReader args(call->args(), {"capture"});
                  const auto& held =
                      authorized_capture(core.captures, applications, call, "capture.get",
                                         args.required_string("capture", 64));
                  std::vector<Blob> blobs;
                  auto result = with_blobs(held, blobs);
                  call->reply(std::move(result), std::move(blobs));
              });

    table.add("capture.list", "capture", Access::session(),
              [&core, &applications = sop.applications](const CallPtr& call) {
                  ArgReader args(call->args(), {"application"});
                  const auto application = args.required_string("application", 32);
                  applications.authorize_operation(application, "capture.list",
                                                   actor_of(call->require_officer()));
                  nlohmann::json captures = nlohmann::json::array();
                  for (const auto* held : core.captures.of_application(application))
                      captures.push_back(summary_of(*held));
                  call->reply({{"application", application}, {"captures", std::move(captures)}});
              });

    table.add("capture.discard", "capture", Access::session(),
              [&core, &applications = sop.applications](const CallPtr& call) {
                  ArgReader args(call->args(), {"capture"});
                  const auto id = args.required_string("capture", 64);
                  const auto application =
                      authorized_capture(core.captures, applications, call, "capture.discard", id)
                          .application;
                  core.captures.discard(id);
                  // The step's evidence no longer rests on it: a discarded slap must
                  // be captured again before step 4 completes.
                  applications.withdraw_facts(application, id, "discarded");
                  call->reply({{"capture", id}, {"discarded", true}});
              });

    table.add("biometrics.bundle", "capture", Access::session(),
              [&core, &applications = sop.applications](const CallPtr& call) {
                  ArgReader args(call->args(), {"application"});
                  const auto application = args.required_string("application", 32);
                  applications.authorize_operation(application, "biometrics.bundle",
                                                   actor_of(call->require_officer()));
                  std::vector<Blob> blobs;
                  nlohmann::json captures = nlohmann::json::array();
                  std::size_t bytes = 0;
                  for (const auto* held : core.captures.of_application(application)) {
                      captures.push_back(with_blobs(*held, blobs));
                      bytes += held->bytes();
                  }
                  if (captures.empty())
                      throw ProtocolError(ErrorCode::not_found,
                                          "nothing is held for application " + application +
                                              ": record its biometrics (step 4) first",
                                          {{"arg", "application"}, {"application", application}});
                  call->reply({{"application", application},
                               {"captures", std::move(captures)},
                               {"bytes", bytes}},
                              std::move(blobs));
              });
}

} // namespace ktpel::daemon
