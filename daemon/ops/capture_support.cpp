// SPDX-License-Identifier: Apache-2.0
#include "capture_support.hpp"

namespace ktpel::daemon {
namespace {

constexpr std::int64_t kMinTimeoutMs = 100;
constexpr std::int64_t kMaxTimeoutMs = 60000;
constexpr std::int64_t kDefaultTimeoutMs = 10000;

} // namespace

std::chrono::milliseconds capture_timeout(const ArgReader& args)
{
    return std::chrono::milliseconds{
        args.integer("timeout_ms", kMinTimeoutMs, kMaxTimeoutMs).value_or(kDefaultTimeoutMs)};
}

int quality_threshold(const ArgReader& args)
{
    return static_cast<int>(args.integer("quality", 0, 100).value_or(kDefaultQualityThreshold));
}

bool wants_auto_capture(const ArgReader& args)
{
    return args.boolean("auto").value_or(true);
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

nlohmann::json operator_prompt(const std::vector<std::string>& reasons)
{
    if (reasons.empty())
        return {{"action", "none"}, {"reasons", nlohmann::json::array()}};
    return {{"action", "retake"}, {"reasons", reasons}};
}

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

} // namespace ktpel::daemon
