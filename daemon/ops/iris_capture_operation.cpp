// SPDX-License-Identifier: Apache-2.0
// iris.capture: both eyes from one dual capture, auto-captured to a
// quality threshold, each eye segmented and scored from its pixels and
// packed as an ISO/IEC 19794-6 record. An eye that cannot be captured is
// declared up front (args.missing); an undeclared eye that is not found
// asks the operator to retake or declare it.
#include <variant>

#include "../captures/auto_capture.hpp"
#include "biometrics/iris/eye_assessment.hpp"
#include "biometrics/iris/iris_representation_builder.hpp"
#include "capture_support.hpp"
#include "drivers/classes/iris_scanner.hpp"

namespace ktpel::daemon {
namespace {

namespace iris = biometrics::iris;

struct DeclaredEyes
{
    bool right_missing = false;
    bool left_missing = false;
};

DeclaredEyes missing_eyes(const nlohmann::json& args)
{
    DeclaredEyes declared;
    const auto it = args.find("missing");
    if (it == args.end())
        return declared;
    const auto refuse = [] {
        throw ProtocolError(ErrorCode::invalid_args,
                            "missing lists the eyes that cannot be captured: \"right\", \"left\" "
                            "(not both)",
                            {{"arg", "missing"}});
    };
    if (!it->is_array())
        refuse();
    for (const auto& eye : *it) {
        if (eye == "right")
            declared.right_missing = true;
        else if (eye == "left")
            declared.left_missing = true;
        else
            refuse();
    }
    if (declared.right_missing && declared.left_missing)
        refuse(); // nothing left to capture: the exception is recorded, not captured
    return declared;
}

struct EyeJudgement
{
    bool declared_missing = false;
    std::optional<iris::EyeAssessment> assessment; // unset when declared missing
    int score() const
    {
        if (!assessment)
            return 100; // not expected: it does not hold the capture back
        if (const auto* report = std::get_if<iris::IrisQualityReport>(&*assessment))
            return report->score.overall;
        return 0;
    }
};

struct IrisJudgement
{
    int score = 0;
    EyeJudgement right;
    EyeJudgement left;
};

IrisJudgement judge_eyes(const drivers::LiveFrame& frame, const DeclaredEyes& declared)
{
    IrisJudgement judgement;
    judgement.right.declared_missing = declared.right_missing;
    judgement.left.declared_missing = declared.left_missing;
    if (!declared.right_missing)
        judgement.right.assessment = iris::assess_eye(frame.images.at(0));
    if (!declared.left_missing)
        judgement.left.assessment = iris::assess_eye(frame.images.at(1));
    judgement.score = std::min(judgement.right.score(), judgement.left.score());
    return judgement;
}

iris::CaptureDateTime utc_now()
{
    const auto now = std::chrono::system_clock::now();
    const auto days = std::chrono::floor<std::chrono::days>(now);
    const std::chrono::year_month_day date{days};
    const std::chrono::hh_mm_ss time{
        std::chrono::duration_cast<std::chrono::milliseconds>(now - days)};
    iris::CaptureDateTime stamp;
    stamp.year = static_cast<std::uint16_t>(static_cast<int>(date.year()));
    stamp.month = static_cast<std::uint8_t>(static_cast<unsigned>(date.month()));
    stamp.day = static_cast<std::uint8_t>(static_cast<unsigned>(date.day()));
    stamp.hour = static_cast<std::uint8_t>(time.hours().count());
    stamp.minute = static_cast<std::uint8_t>(time.minutes().count());
    stamp.second = static_cast<std::uint8_t>(time.seconds().count());
    stamp.millisecond = static_cast<std::uint16_t>(time.subseconds().count());
    return stamp;
}

nlohmann::json eye_summary(const EyeJudgement& eye)
{
    if (eye.declared_missing)
        return {{"status", "declared_missing"}};
    if (const auto* none = std::get_if<iris::NoEyeFound>(&*eye.assessment))
        return {
            {"status", "no_eye_found"}, {"reason", iris::to_string(none->reason)}, {"quality", 0}};
    const auto& report = std::get<iris::IrisQualityReport>(*eye.assessment);
    const auto& m = report.measures;
    return {{"status", "ok"},
            {"quality", report.score.overall},
            {"measures",
             {{"sharpness", m.sharpness},
              {"usable_iris_area", m.usable_iris_area},
              {"occluded_fraction", m.occluded_fraction},
              {"pupil_iris_ratio", m.pupil_iris_ratio},
              {"iris_radius_px", m.iris_radius_px},
              {"margin_adequacy", m.margin_adequacy}}},
            {"pupil",
             {{"x", report.segmentation.pupil.x},
              {"y", report.segmentation.pupil.y},
              {"r", report.segmentation.pupil.radius}}},
            {"iris",
             {{"x", report.segmentation.iris.x},
              {"y", report.segmentation.iris.y},
              {"r", report.segmentation.iris.radius}}}};
}

OperationOutcome iris_outcome(drivers::LiveFrame frame, const IrisJudgement& judgement,
                              nlohmann::json capture_summary, int threshold)
{
    OperationOutcome outcome;
    std::vector<std::string> reasons;
    nlohmann::json eyes = nlohmann::json::object();
    iris::IrisImageRecord record;
    const auto stamp = utc_now();
    const std::pair<const char*, const EyeJudgement*> sides[] = {{"right", &judgement.right},
                                                                 {"left", &judgement.left}};
    for (std::size_t index = 0; index < 2; ++index) {
        const auto [name, eye] = sides[index];
        auto& image = frame.images.at(index);
        eyes[name] = eye_summary(*eye);
        if (eye->declared_missing)
            continue; // a declared exception: its pixels are not kept
        outcome.result[name] = image_ref(outcome.blobs.size() + 1, image);
        outcome.result[name]["quality"] = eye->score();
        if (const auto* report = std::get_if<iris::IrisQualityReport>(&*eye->assessment)) {
            record.representations.push_back(iris::make_iris_representation(
                image, index == 0 ? iris::EyeLabel::right : iris::EyeLabel::left, stamp, *report));
            if (report->score.overall < threshold)
                reasons.push_back(std::string(name) + "_quality_below_threshold");
        } else {
            reasons.push_back(std::string(name) + "_eye_not_found");
        }
        outcome.blobs.emplace_back(std::move(image.pixels));
    }
    outcome.result["eyes"] = std::move(eyes);
    outcome.result["score"] = judgement.score;
    outcome.result["auto_capture"] = std::move(capture_summary);
    outcome.result["prompt"] = operator_prompt(reasons);
    if (!record.representations.empty()) {
        auto bytes = iris::encode_iris_record(record);
        outcome.result["record"] =
            blob_ref(outcome.blobs.size() + 1, {{"format", "iso19794-6:2011"},
                                                {"eyes", record.representations.size()},
                                                {"sha256", sha256_hex(bytes)}});
        outcome.blobs.emplace_back(std::move(bytes));
    }
    return outcome;
}

} // namespace

void register_iris_capture(OperationTable& table, StationCore& core, SopServices* sop)
{
    table.add("iris.capture", "iris.capture", Access::session(), [&core, sop](const CallPtr& call) {
        ArgReader args(call->args(),
                       {"device", "timeout_ms", "application", "missing", "quality", "auto"});
        const auto application =
            authorize_device_use(sop, call, "iris.capture", args.string("application", 32));
        const auto device =
            resolve_device(core, args.string("device", 64), drivers::DeviceClass::iris_scanner);
        drivers::IrisCaptureRequest request;
        request.timeout = capture_timeout(args);
        const auto declared = missing_eyes(call->args());
        const int threshold = quality_threshold(args);
        const bool automatic = wants_auto_capture(args);
        start_device_operation(
            core, call, application, device, request.timeout + kTransferAllowance,
            [request, declared, threshold, automatic](drivers::Device& target,
                                                      const drivers::OperationContext& context) {
                auto& scanner = dynamic_cast<drivers::IrisScanner&>(target);
                const auto started = std::chrono::steady_clock::now();
                const auto elapsed_ms = [&] {
                    return std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::steady_clock::now() - started)
                        .count();
                };
                if (!automatic || !scanner.streams_frames()) {
                    auto capture = scanner.capture(request, context);
                    context.progress(drivers::ProgressStage::processing,
                                     {{"what", "segmentation, quality"}});
                    drivers::LiveFrame frame;
                    frame.images.push_back(std::move(capture.right));
                    frame.images.push_back(std::move(capture.left));
                    const auto judgement = judge_eyes(frame, declared);
                    return iris_outcome(std::move(frame), judgement,
                                        {{"mode", "single_shot"},
                                         {"threshold", threshold},
                                         {"elapsed_ms", elapsed_ms()}},
                                        threshold);
                }
                AutoCapture<IrisJudgement> auto_capture(
                    threshold,
                    [&](const drivers::LiveFrame& frame) { return judge_eyes(frame, declared); },
                    context);
                const auto end = scanner.stream(request, context, auto_capture.handler());
                auto chosen = auto_capture.finish();
                if (!chosen)
                    throw drivers::DeviceFailure(drivers::DeviceFailure::Kind::no_subject,
                                                 "no_frame",
                                                 "the scanner streamed no frame to judge");
                nlohmann::json summary = {
                    {"mode", "auto"},
                    {"threshold", threshold},
                    {"outcome", chosen->threshold_met ? "threshold_met" : "best_at_timeout"},
                    {"stream_end", end == drivers::LiveEnd::stopped ? "stopped" : "timed_out"},
                    {"frames_seen", chosen->frames_seen},
                    {"frames_judged", chosen->frames_judged},
                    {"chosen_frame", chosen->frame.number},
                    {"elapsed_ms", elapsed_ms()}};
                return iris_outcome(std::move(chosen->frame), chosen->judgement, std::move(summary),
                                    threshold);
            },
            record_and_hold_capture(core, call, application, "iris.capture", device));
    });
}

} // namespace ktpel::daemon
