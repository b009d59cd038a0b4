// SPDX-License-Identifier: Apache-2.0
// fingerprint.capture, iris.capture, camera.capture.
#include "../api/arg_reader.hpp"
#include "../captures/slap_analysis.hpp"
#include "device_operation.hpp"
#include "drivers/classes/camera.hpp"
#include "drivers/classes/fingerprint_scanner.hpp"
#include "drivers/classes/iris_scanner.hpp"

namespace ktpel::daemon {
namespace {

constexpr std::int64_t kMinTimeoutMs = 100;
constexpr std::int64_t kMaxTimeoutMs = 60000;
constexpr std::int64_t kDefaultTimeoutMs = 10000;
// The host allows the device this much beyond the capture timeout to
// deliver the image before the operation itself times out.
constexpr std::chrono::milliseconds kTransferAllowance{5000};

std::optional<drivers::SlapSlot> slot_from_string(const std::string& text)
{
    if (text == "left_four")
        return drivers::SlapSlot::left_four;
    if (text == "right_four")
        return drivers::SlapSlot::right_four;
    if (text == "thumbs")
        return drivers::SlapSlot::thumbs;
    if (text == "single")
        return drivers::SlapSlot::single;
    return std::nullopt;
}

nlohmann::json image_ref(std::size_t frame, const drivers::RasterImage& image)
{
    nlohmann::json ref = {{"format", "gray8"},
                          {"width", image.width},
                          {"height", image.height},
                          {"sha256", sha256_hex(image.pixels)}};
    if (image.ppi)
        ref["ppi"] = image.ppi;
    return blob_ref(frame, std::move(ref));
}

// args.missing: fingers declared missing or injured before the capture
// (ISO position names, e.g. "left_ring"); the expected count follows.
std::vector<biometrics::fingerprint::FingerPosition> missing_fingers(const nlohmann::json& args)
{
    std::vector<biometrics::fingerprint::FingerPosition> missing;
    const auto it = args.find("missing");
    if (it == args.end())
        return missing;
    if (!it->is_array() || it->size() > 10)
        throw ProtocolError(ErrorCode::invalid_args,
                            "missing must be a list of finger names such as \"left_ring\"",
                            {{"arg", "missing"}});
    for (const auto& name : *it) {
        const auto position =
            name.is_string() ? finger_position_from_name(name.get<std::string>()) : std::nullopt;
        if (!position)
            throw ProtocolError(ErrorCode::invalid_args,
                                "missing: unknown finger " + name.dump() +
                                    " (right_thumb ... right_little, left_thumb ... left_little)",
                                {{"arg", "missing"}});
        missing.push_back(*position);
    }
    return missing;
}

std::chrono::milliseconds capture_timeout(const ArgReader& args)
{
    return std::chrono::milliseconds{
        args.integer("timeout_ms", kMinTimeoutMs, kMaxTimeoutMs).value_or(kDefaultTimeoutMs)};
}

// For a capture that served an application: commits its metadata (hashes,
// geometry, slot: never the sample) to the register, then holds the
// samples in the capture store and names the capture in the result.
SuccessHook record_and_hold_capture(StationServices& services, const CallPtr& call,
                                    std::string application, std::string operation,
                                    std::string device)
{
    if (application.empty())
        return {}; // diagnostics: no application, nothing to register or hold
    return [&services, officer = call->require_officer().id, application, operation,
            device](OperationOutcome& outcome, const std::string& serial) {
        HeldCapture held;
        held.application = application;
        held.step = services.applications->current_step_of(application);
        held.operation = operation;
        held.device = device;
        held.serial = serial;
        held.officer = officer;
        held.captured_at = std::chrono::system_clock::now();
        held.metadata = nlohmann::json::object();
        for (const auto& [key, value] : outcome.result.items()) {
            const auto frame = value.is_object() ? value.value("frame", std::size_t{0}) : 0;
            if (frame >= 1 && frame <= outcome.blobs.size()) {
                const auto bytes = outcome.blobs[frame - 1].bytes();
                auto description = value;
                description.erase("frame");
                held.parts.push_back({key, std::move(description), {bytes.begin(), bytes.end()}});
            } else {
                held.metadata[key] = value;
            }
        }
        // A retake replaces the earlier sample of the same kind (the same
        // slap slot, the irises, the face): the bundle carries one of each.
        std::optional<std::string> superseded;
        for (const auto* earlier : services.captures.of_application(application)) {
            if (earlier->operation == operation &&
                earlier->metadata.value("slot", "") == held.metadata.value("slot", ""))
                superseded = earlier->id;
        }
        // Held first: a full store refuses the capture before the register
        // says it was recorded; a register failure gives the samples back.
        const auto id = services.captures.hold(std::move(held));
        try {
            for (const auto& [key, value] : outcome.result.items()) {
                if (value.is_object() && value.contains("sha256")) {
                    auto metadata = value;
                    metadata["part"] = key;
                    if (outcome.result.contains("slot"))
                        metadata["slot"] = outcome.result["slot"];
                    services.applications->record_capture(application, operation, device, serial,
                                                          value["sha256"].get<std::string>(),
                                                          metadata);
                }
            }
        } catch (...) {
            services.captures.discard(id);
            throw;
        }
        outcome.result["capture"] = id;
        if (superseded) {
            services.captures.discard(*superseded);
            outcome.result["superseded"] = *superseded;
        }
    };
}

} // namespace

void register_capture_operations(OperationTable& table, StationServices& services)
{
    table.add("fingerprint.capture", "fingerprint.capture", Access::session(),
              [&services](const CallPtr& call) {
                  ArgReader args(call->args(),
                                 {"device", "slot", "timeout_ms", "application", "missing"});
                  const auto application = authorize_device_use(
                      services, call, "fingerprint.capture", args.string("application", 32));
                  const auto device = resolve_device(services, args.string("device", 64),
                                                     drivers::DeviceClass::fingerprint_scanner);
                  drivers::FingerprintCaptureRequest request;
                  const auto slot_name = args.string("slot", 32).value_or("left_four");
                  const auto slot = slot_from_string(slot_name);
                  if (!slot)
                      throw ProtocolError(ErrorCode::invalid_args,
                                          "slot must be left_four, right_four, thumbs or single",
                                          {{"arg", "slot"}});
                  request.slot = *slot;
                  request.timeout = capture_timeout(args);
                  const auto missing = missing_fingers(call->args());
                  start_device_operation(
                      services, call, device, request.timeout + kTransferAllowance,
                      [device, request, slot_name,
                       missing](drivers::Device& target, const drivers::OperationContext& context) {
                          auto& scanner = dynamic_cast<drivers::FingerprintScanner&>(target);
                          auto capture = scanner.capture(request, context);
                          context.progress(drivers::ProgressStage::processing,
                                           {{"what", "segmenting, quality, minutiae"}});
                          const auto analysis = analyse_slap(capture.image, request.slot, missing);
                          OperationOutcome outcome;
                          outcome.result = {{"slot", slot_name},
                                            {"image", image_ref(1, capture.image)},
                                            {"frames_seen", capture.frames_seen},
                                            {"elapsed_ms", capture.elapsed.count()},
                                            {"fingers", nlohmann::json::array()}};
                          outcome.result.update(analysis.summary);
                          outcome.blobs.emplace_back(std::move(capture.image.pixels));
                          // Per finger: the fingertip image and its template,
                          // each a blob the store holds with the slap.
                          for (const auto& finger : analysis.fingers) {
                              const auto code = std::to_string(static_cast<int>(finger.position));
                              auto summary = finger.summary;
                              const auto crop_key = "finger_" + code;
                              const auto template_key = "template_" + code;
                              auto crop_ref = image_ref(outcome.blobs.size() + 1, finger.crop);
                              crop_ref["quality"] = finger.summary["quality"];
                              crop_ref["position"] = finger.summary["position"];
                              outcome.result[crop_key] = std::move(crop_ref);
                              outcome.blobs.emplace_back(finger.crop.pixels);
                              outcome.result[template_key] =
                                  blob_ref(outcome.blobs.size() + 1,
                                           {{"format", "iso19794-2:2005"},
                                            {"position", finger.summary["position"]},
                                            {"sha256", sha256_hex(finger.iso_template)}});
                              outcome.blobs.emplace_back(finger.iso_template);
                              summary["image"] = crop_key;
                              summary["template"] = template_key;
                              outcome.result["fingers"].push_back(std::move(summary));
                          }
                          return outcome;
                      },
                      record_and_hold_capture(services, call, application, "fingerprint.capture",
                                              device));
              });

    table.add("iris.capture", "iris.capture", Access::session(), [&services](const CallPtr& call) {
        ArgReader args(call->args(), {"device", "timeout_ms", "application"});
        const auto application =
            authorize_device_use(services, call, "iris.capture", args.string("application", 32));
        const auto device =
            resolve_device(services, args.string("device", 64), drivers::DeviceClass::iris_scanner);
        drivers::IrisCaptureRequest request;
        request.timeout = capture_timeout(args);
        start_device_operation(
            services, call, device, request.timeout + kTransferAllowance,
            [request](drivers::Device& target, const drivers::OperationContext& context) {
                auto capture =
                    dynamic_cast<drivers::IrisScanner&>(target).capture(request, context);
                OperationOutcome outcome;
                outcome.result = {{"right", image_ref(1, capture.right)},
                                  {"left", image_ref(2, capture.left)},
                                  {"elapsed_ms", capture.elapsed.count()}};
                outcome.blobs.emplace_back(std::move(capture.right.pixels));
                outcome.blobs.emplace_back(std::move(capture.left.pixels));
                return outcome;
            },
            record_and_hold_capture(services, call, application, "iris.capture", device));
    });

    table.add(
        "camera.capture", "camera.capture", Access::session(), [&services](const CallPtr& call) {
            ArgReader args(call->args(), {"device", "timeout_ms", "application"});
            const auto application = authorize_device_use(services, call, "camera.capture",
                                                          args.string("application", 32));
            const auto device =
                resolve_device(services, args.string("device", 64), drivers::DeviceClass::camera);
            drivers::PhotoRequest request;
            request.timeout = capture_timeout(args);
            start_device_operation(
                services, call, device, request.timeout + kTransferAllowance,
                [request](drivers::Device& target, const drivers::OperationContext& context) {
                    auto photo = dynamic_cast<drivers::Camera&>(target).capture(request, context);
                    OperationOutcome outcome;
                    outcome.result = {{"image", image_ref(1, photo.image)},
                                      {"elapsed_ms", photo.elapsed.count()}};
                    outcome.blobs.emplace_back(std::move(photo.image.pixels));
                    return outcome;
                },
                record_and_hold_capture(services, call, application, "camera.capture", device));
        });
}

} // namespace ktpel::daemon
