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

std::optional<reg::StepFact> capture_fact(const std::string& operation,
                                          const nlohmann::json& result)
{
    reg::StepFact fact;
    nlohmann::json detail;
    const auto failed_checks = [&] {
        nlohmann::json failed = nlohmann::json::array();
        for (const auto& check : result.value("checks", nlohmann::json::array()))
            if (check.is_object() && !check.value("passed", false))
                failed.push_back(check.value("name", std::string{"?"}));
        return failed;
    };
    if (operation == "fingerprint.capture") {
        fact.fact = "fingerprints";
        fact.subject = result.value("slot", std::string{});
        detail = {{"count", result.value("count", std::string{})},
                  {"expected", result.value("expected", 0)},
                  {"found", result.value("found", 0)},
                  {"missing_declared", result.value("missing_declared", nlohmann::json::array())},
                  {"duplicates", result.value("duplicates", nlohmann::json::array()).size()},
                  {"wrong_hand_suspected", result.value("wrong_hand_suspected", false)},
                  {"score", result.value("score", 0)}};
    } else if (operation == "iris.capture") {
        fact.fact = "irises";
        const auto eyes = result.value("eyes", nlohmann::json::object());
        for (const std::string side : {"right", "left"})
            detail[side] = eyes.value(side, nlohmann::json::object()).value("status", "");
    } else if (operation == "camera.capture") {
        fact.fact = "face_photo";
        const auto failed = failed_checks();
        detail = {{"passed", result.contains("checks") && failed.empty()},
                  {"failed_checks", failed}};
    } else if (operation == "signature.capture") {
        fact.fact = "signature";
        detail = {{"failed_checks", failed_checks()}};
    } else {
        return std::nullopt;
    }
    fact.detail_json = detail.dump();
    return fact;
}

SuccessHook record_and_hold_capture(StationCore& core, const CallPtr& call,
                                    const std::optional<ServedApplication>& served,
                                    std::string operation, std::string device)
{
    if (!served)
        return {}; // diagnostics: no application, nothing to register or hold
    return [&core, &applications = served->applications, officer = call->require_officer().id,
            application = served->id, operation,
            device](OperationOutcome& outcome, const std::string& serial) {
        HeldCapture held;
        held.application = application;
        held.step = applications.current_step_of(application);
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
        const auto step = held.step;
        // A retake replaces the earlier sample of the same kind taken in the
        // same step (the same slap slot, the irises, the face): the bundle
        // carries one of each, and the receipt's signature in step 8 leaves
        // the card's signature of step 4 alone.
        std::optional<std::string> superseded;
        for (const auto* earlier : core.captures.of_application(application)) {
            if (earlier->operation == operation && earlier->step == step &&
                earlier->metadata.value("slot", "") == held.metadata.value("slot", ""))
                superseded = earlier->id;
        }
        // Held first: a full store refuses the capture before the register
        // says it was recorded; a register failure gives the samples back.
        const auto id = core.captures.hold(std::move(held));
        try {
            std::vector<reg::CaptureRecord> rows;
            for (const auto& [key, value] : outcome.result.items()) {
                if (value.is_object() && value.contains("sha256")) {
                    auto metadata = value;
                    metadata["part"] = key;
                    metadata["capture"] = id;
                    if (outcome.result.contains("slot"))
                        metadata["slot"] = outcome.result["slot"];
                    reg::CaptureRecord row;
                    row.application_id = application;
                    row.step_id = step;
                    row.operation = operation;
                    row.device_id = device;
                    row.device_serial = serial;
                    row.sample_sha256 = value["sha256"].get<std::string>();
                    row.metadata_json = metadata.dump();
                    rows.push_back(std::move(row));
                }
            }
            auto fact = capture_fact(operation, outcome.result);
            if (fact) {
                fact->application_id = application;
                fact->step_id = step;
                fact->source = id;
            }
            applications.record_captures(rows, fact);
        } catch (...) {
            core.captures.discard(id);
            throw;
        }
        outcome.result["capture"] = id;
        if (superseded) {
            core.captures.discard(*superseded);
            applications.withdraw_facts(application, *superseded, "superseded");
            outcome.result["superseded"] = *superseded;
        }
    };
}

} // namespace ktpel::daemon
