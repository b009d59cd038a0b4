// SPDX-License-Identifier: Apache-2.0
// signature.capture and signature.clear: the applicant signs on the pad;
// the daemon draws the live preview from the pen points the driver
// reports, renders the card's signature box, checks the signature is one,
// and keeps the pen data (positions, pressure, timing) for the bundle.
#include <mutex>

#include "biometrics/signature/png_encoder.hpp"
#include "biometrics/signature/signature_checks.hpp"
#include "biometrics/signature/signature_renderer.hpp"
#include "capture_support.hpp"
#include "drivers/classes/signature_pad.hpp"

namespace ktpel::daemon {
namespace {

namespace sig = biometrics::signature;

constexpr std::int64_t kMaxSignatureTimeoutMs = 180000;
constexpr std::int64_t kDefaultSignatureTimeoutMs = 60000;
// Live previews of a moving pen, at most this often.
constexpr std::chrono::milliseconds kPreviewInterval{150};

// The pen points the driver reports while the applicant signs, drawn into
// previews for the operator's screen.
class SignaturePreview
{
public:
    SignaturePreview(const drivers::OperationContext& context, drivers::PadGeometry geometry)
        : context_(context), geometry_(geometry)
    {
    }

    void on_progress(drivers::ProgressStage stage, const nlohmann::json& data)
    {
        context_.progress(stage, data);
        std::lock_guard lock(mutex_);
        if (stage == drivers::ProgressStage::waiting_for_subject && data.value("cleared", false))
            strokes_.clear(); // the applicant pressed Clear: start again
        if (stage != drivers::ProgressStage::capturing || !data.contains("points"))
            return;
        for (const auto& point : data["points"]) {
            if (!point.is_array() || point.size() < 5)
                continue;
            const auto stroke = point[0].get<std::size_t>();
            if (stroke > 1000)
                continue; // not a pad's stroke count: ignore rather than allocate
            if (strokes_.size() <= stroke)
                strokes_.resize(stroke + 1);
            strokes_[stroke].samples.push_back(
                {point[1].get<std::uint16_t>(), point[2].get<std::uint16_t>(),
                 point[3].get<std::uint16_t>(), point[4].get<std::uint32_t>(),
                 drivers::PenContact::down});
        }
        const auto now = std::chrono::steady_clock::now();
        if (now - last_preview_ < kPreviewInterval)
            return;
        last_preview_ = now;
        auto image = sig::render_signature(strokes_, geometry_, sig::preview_options());
        nlohmann::json meta = {{"frame_number", previews_++},
                               {"views", 1},
                               {"strokes", strokes_.size()},
                               {"image",
                                {{"frame", 1},
                                 {"format", "gray8"},
                                 {"width", image.width},
                                 {"height", image.height}}}};
        context_.preview(std::move(meta), std::move(image.pixels));
    }

private:
    const drivers::OperationContext& context_;
    const drivers::PadGeometry geometry_;
    std::mutex mutex_;
    std::vector<drivers::PenStroke> strokes_;
    std::chrono::steady_clock::time_point last_preview_{};
    std::uint32_t previews_ = 0;
};

// The pen data as documented in docs/protocol.md: per sample, little
// endian, u8 stroke, u16 x, u16 y, u16 pressure, u32 pad time in ms.
std::vector<std::uint8_t> pen_data(const std::vector<drivers::PenStroke>& strokes)
{
    std::vector<std::uint8_t> bytes;
    const auto put = [&](std::uint64_t value, int size) {
        for (int i = 0; i < size; ++i)
            bytes.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
    };
    for (std::size_t stroke = 0; stroke < strokes.size() && stroke < 256; ++stroke) {
        for (const auto& sample : strokes[stroke].samples) {
            put(stroke, 1);
            put(sample.x, 2);
            put(sample.y, 2);
            put(sample.pressure, 2);
            put(sample.time_ms, 4);
        }
    }
    return bytes;
}

OperationOutcome signature_outcome(const drivers::SignatureCapture& capture)
{
    const auto assessment = sig::assess_signature(capture);
    const auto image =
        sig::render_signature(capture.strokes, capture.geometry, sig::card_signature_options());
    auto png = sig::encode_png(image);
    auto pen = pen_data(capture.strokes);
    OperationOutcome outcome;
    outcome.result["signature"] = blob_ref(1, {{"format", "image/png"},
                                               {"width", image.width},
                                               {"height", image.height},
                                               {"ppi", image.ppi},
                                               {"sha256", sha256_hex(png)}});
    const auto& g = capture.geometry;
    outcome.result["pen_data"] = blob_ref(2, {{"format", "ktpel-pen-v1"},
                                              {"samples", pen.size() / 11},
                                              {"pad",
                                               {{"width", g.width},
                                                {"height", g.height},
                                                {"units_per_mm", g.units_per_mm},
                                                {"max_pressure", g.max_pressure},
                                                {"report_rate_hz", g.report_rate_hz}}},
                                              {"sha256", sha256_hex(pen)}});
    outcome.blobs.emplace_back(std::move(png));
    outcome.blobs.emplace_back(std::move(pen));
    const auto& m = assessment.measures;
    outcome.result["measures"] = {{"strokes", m.stroke_count}, {"points", m.point_count},
                                  {"ink_mm", m.ink_length_mm}, {"duration_ms", m.duration_ms},
                                  {"width_mm", m.width_mm},    {"height_mm", m.height_mm}};
    nlohmann::json checks = nlohmann::json::array();
    std::vector<std::string> reasons;
    for (const auto& check : assessment.checks) {
        checks.push_back({{"name", check.name},
                          {"passed", check.passed},
                          {"value", check.value},
                          {"detail", check.detail}});
        if (!check.passed)
            reasons.push_back(check.name + "_check_failed");
    }
    outcome.result["checks"] = std::move(checks);
    outcome.result["prompt"] = operator_prompt(reasons);
    outcome.result["finished_by"] =
        capture.finished_by == drivers::SignatureFinish::ok_button ? "ok_button" : "pen_idle";
    outcome.result["restarts"] = capture.restarts;
    outcome.result["elapsed_ms"] = capture.elapsed.count();
    return outcome;
}

} // namespace

void register_signature_operations(OperationTable& table, StationCore& core, SopServices* sop)
{
    table.add(
        "signature.capture", "signature.capture", Access::session(),
        [&core, sop](const CallPtr& call) {
            ArgReader args(call->args(), {"device", "timeout_ms", "application", "idle_finish_ms"});
            const auto application = authorize_device_use(sop, call, "signature.capture",
                                                          args.string("application", 32));
            const auto device = resolve_device(core, args.string("device", 64),
                                               drivers::DeviceClass::signature_pad);
            drivers::SignatureCaptureRequest request;
            request.timeout =
                std::chrono::milliseconds{args.integer("timeout_ms", 1000, kMaxSignatureTimeoutMs)
                                              .value_or(kDefaultSignatureTimeoutMs)};
            request.finish_after_idle =
                std::chrono::milliseconds{args.integer("idle_finish_ms", 0, 30000).value_or(0)};
            start_device_operation(
                core, call, application, device, request.timeout + kTransferAllowance,
                [request](drivers::Device& target, const drivers::OperationContext& context) {
                    auto& pad = dynamic_cast<drivers::SignaturePad&>(target);
                    SignaturePreview preview(context, pad.geometry());
                    const drivers::OperationContext drawing(
                        context.stop_token(), context.deadline(),
                        [&preview](drivers::ProgressStage stage, const nlohmann::json& data) {
                            preview.on_progress(stage, data);
                        },
                        [&context](nlohmann::json meta, std::vector<std::uint8_t> bytes) {
                            context.preview(std::move(meta), std::move(bytes));
                        });
                    const auto capture = pad.capture(request, drawing);
                    context.progress(drivers::ProgressStage::processing,
                                     {{"what", "rendering, checks"}});
                    return signature_outcome(capture);
                },
                record_and_hold_capture(core, call, application, "signature.capture", device));
        });

    table.add("signature.clear", "signature.clear", Access::session(),
              [&core, sop](const CallPtr& call) {
                  ArgReader args(call->args(), {"device"});
                  const auto device = resolve_device(core, args.string("device", 64),
                                                     drivers::DeviceClass::signature_pad);
                  start_device_operation(
                      core, call, std::nullopt, device, std::chrono::milliseconds{5000},
                      [](drivers::Device& target, const drivers::OperationContext& context) {
                          dynamic_cast<drivers::SignaturePad&>(target).clear(context);
                          OperationOutcome outcome;
                          outcome.result["cleared"] = true;
                          return outcome;
                      });
              });
}

} // namespace ktpel::daemon
