// SPDX-License-Identifier: Apache-2.0
// fingerprint.capture: a slap (4-4-2) or a single finger, auto-captured to
// a quality threshold, segmented, scored and templated in the daemon.
#include "../captures/auto_capture.hpp"
#include "../captures/duplicate_fingers.hpp"
#include "../captures/slap_analysis.hpp"
#include "capture_support.hpp"
#include "drivers/classes/finger_names.hpp"
#include "drivers/classes/fingerprint_scanner.hpp"

namespace ktpel::daemon {
namespace {

namespace fp = biometrics::fingerprint;

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

// args.missing: fingers declared missing or injured before the capture
// (ISO position names, e.g. "left_ring"); the expected count follows.
std::vector<fp::FingerPosition> missing_fingers(const nlohmann::json& args)
{
    std::vector<fp::FingerPosition> missing;
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

// A slap frame's score: the worst finger's quality, and 0 when the
// fingers are not the ones asked for (too few, too many, the other hand):
// auto-capture must never settle on such a frame.
struct SlapJudgement
{
    int score = 0;
    SlapAnalysis analysis;
};

SlapJudgement judge_slap(const drivers::RasterImage& image,
                         const drivers::FingerprintCaptureRequest& request,
                         const std::vector<fp::FingerPosition>& missing)
{
    SlapJudgement judgement{0, analyse_slap(image, request.slot, missing,
                                            static_cast<fp::FingerPosition>(request.finger_code))};
    const auto& summary = judgement.analysis.summary;
    if (summary.value("count", "") != "as_expected" ||
        summary.value("wrong_hand_suspected", false) || judgement.analysis.fingers.empty())
        return judgement;
    int worst = 100;
    for (const auto& finger : judgement.analysis.fingers)
        worst = std::min(worst, finger.summary.value("quality", 0));
    judgement.score = worst;
    return judgement;
}

std::vector<std::string> retake_reasons(const SlapJudgement& judgement,
                                        const std::vector<DuplicateFinger>& duplicates,
                                        int threshold)
{
    std::vector<std::string> reasons;
    const auto& summary = judgement.analysis.summary;
    const auto count = summary.value("count", "");
    if (count == "fewer_than_expected")
        reasons.emplace_back("fewer_fingers_than_expected");
    if (count == "more_than_expected")
        reasons.emplace_back("more_fingers_than_expected");
    if (summary.value("wrong_hand_suspected", false))
        reasons.emplace_back("wrong_hand_suspected");
    if (!duplicates.empty())
        reasons.emplace_back("duplicate_finger");
    if (count == "as_expected" && judgement.score < threshold)
        reasons.emplace_back("quality_below_threshold");
    return reasons;
}

// The chosen frame's fingers against those the application already holds
// under other positions. Only the chosen frame: auto-capture still settles
// on a duplicate, and the reply prompts the retake at once, since the
// applicant does not correct a wrong finger unprompted.
std::vector<DuplicateFinger> duplicates_of(const SlapJudgement& judgement,
                                           const std::vector<HeldFingerTemplate>& held)
{
    std::vector<NewFingerTemplate> fresh;
    for (const auto& finger : judgement.analysis.fingers)
        fresh.push_back({finger.position, &finger.iso_template});
    return find_duplicate_fingers(fresh, held);
}

OperationOutcome slap_outcome(const std::string& slot_name, drivers::RasterImage image,
                              const SlapJudgement& judgement, nlohmann::json capture_summary,
                              int threshold, const std::vector<HeldFingerTemplate>& held)
{
    const auto duplicates = duplicates_of(judgement, held);
    nlohmann::json duplicates_json = nlohmann::json::array();
    for (const auto& duplicate : duplicates)
        duplicates_json.push_back(to_json(duplicate));
    OperationOutcome outcome;
    outcome.result = {{"slot", slot_name},
                      {"image", image_ref(1, image)},
                      {"auto_capture", std::move(capture_summary)},
                      {"score", judgement.score},
                      {"prompt", operator_prompt(retake_reasons(judgement, duplicates, threshold))},
                      {"duplicates", std::move(duplicates_json)},
                      {"fingers", nlohmann::json::array()}};
    outcome.result.update(judgement.analysis.summary);
    outcome.blobs.emplace_back(std::move(image.pixels));
    // Per finger: the fingertip image and its template, each a blob the
    // store holds with the slap.
    for (const auto& finger : judgement.analysis.fingers) {
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
            blob_ref(outcome.blobs.size() + 1, {{"format", "iso19794-2:2005"},
                                                {"position", finger.summary["position"]},
                                                {"sha256", sha256_hex(finger.iso_template)}});
        outcome.blobs.emplace_back(finger.iso_template);
        summary["image"] = crop_key;
        summary["template"] = template_key;
        // The held finger this one matched best, when it is a duplicate.
        const DuplicateFinger* best = nullptr;
        for (const auto& duplicate : duplicates) {
            if (duplicate.position == finger.position && (!best || duplicate.score > best->score))
                best = &duplicate;
        }
        if (best)
            summary["duplicate_of"] = fp::finger_position_name(best->matches);
        outcome.result["fingers"].push_back(std::move(summary));
    }
    return outcome;
}

} // namespace

void register_fingerprint_capture(OperationTable& table, StationCore& core, SopServices* sop)
{
    table.add(
        "fingerprint.capture", "fingerprint.capture", Access::session(),
        [&core, sop](const CallPtr& call) {
            ArgReader args(call->args(), {"device", "slot", "finger", "timeout_ms", "application",
                                          "missing", "quality", "auto"});
            const auto application = authorize_device_use(sop, call, "fingerprint.capture",
                                                          args.string("application", 32));
            const auto device = resolve_device(core, args.string("device", 64),
                                               drivers::DeviceClass::fingerprint_scanner);
            drivers::FingerprintCaptureRequest request;
            const auto slot_name = args.string("slot", 32).value_or("left_four");
            const auto slot = slot_from_string(slot_name);
            if (!slot)
                throw ProtocolError(ErrorCode::invalid_args,
                                    "slot must be left_four, right_four, thumbs or single",
                                    {{"arg", "slot"}});
            request.slot = *slot;
            if (const auto finger = args.string("finger", 16)) {
                const auto code = drivers::finger_code_from_name(*finger);
                if (!code || request.slot != drivers::SlapSlot::single)
                    throw ProtocolError(ErrorCode::invalid_args,
                                        "finger names the one finger of slot \"single\", e.g. "
                                        "\"right_index\"",
                                        {{"arg", "finger"}});
                request.finger_code = *code;
            }
            request.timeout = capture_timeout(args);
            const auto missing = missing_fingers(call->args());
            const int threshold = quality_threshold(args);
            const bool automatic = wants_auto_capture(args);
            // Copied here, on the loop: the capture store is the loop's.
            auto held = !application
                            ? std::vector<HeldFingerTemplate>{}
                            : held_finger_templates(core.captures, application->id, slot_name);
            start_device_operation(
                core, call, application, device, request.timeout + kTransferAllowance,
                [request, slot_name, missing, threshold, automatic, held = std::move(held)](
                    drivers::Device& target, const drivers::OperationContext& context) {
                    auto& scanner = dynamic_cast<drivers::FingerprintScanner&>(target);
                    const auto started = std::chrono::steady_clock::now();
                    const auto elapsed_ms = [&] {
                        return std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::steady_clock::now() - started)
                            .count();
                    };
                    if (!automatic || !scanner.streams_frames()) {
                        auto capture = scanner.capture(request, context);
                        context.progress(drivers::ProgressStage::processing,
                                         {{"what", "segmenting, quality, minutiae"}});
                        auto judgement = judge_slap(capture.image, request, missing);
                        return slap_outcome(slot_name, std::move(capture.image), judgement,
                                            {{"mode", "single_shot"},
                                             {"threshold", threshold},
                                             {"elapsed_ms", elapsed_ms()}},
                                            threshold, held);
                    }
                    AutoCapture<SlapJudgement> auto_capture(
                        threshold,
                        [&](const drivers::LiveFrame& frame) {
                            return judge_slap(frame.images.front(), request, missing);
                        },
                        context);
                    const auto end = scanner.stream(request, context, auto_capture.handler());
                    auto chosen = auto_capture.finish();
                    if (!chosen)
                        throw drivers::DeviceFailure(drivers::DeviceFailure::Kind::no_subject,
                                                     "no_frame",
                                                     "the scanner streamed no frame to judge");
                    const bool met = chosen->threshold_met;
                    nlohmann::json summary = {
                        {"mode", "auto"},
                        {"threshold", threshold},
                        {"outcome", met ? "threshold_met" : "best_at_timeout"},
                        {"stream_end", end == drivers::LiveEnd::stopped ? "stopped" : "timed_out"},
                        {"frames_seen", chosen->frames_seen},
                        {"frames_judged", chosen->frames_judged},
                        {"chosen_frame", chosen->frame.number},
                        {"elapsed_ms", elapsed_ms()}};
                    return slap_outcome(slot_name, std::move(chosen->frame.images.front()),
                                        chosen->judgement, std::move(summary), threshold, held);
                },
                record_and_hold_capture(core, call, application, "fingerprint.capture", device));
        });
}

} // namespace ktpel::daemon
