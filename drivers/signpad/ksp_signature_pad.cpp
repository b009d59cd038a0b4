// SPDX-License-Identifier: Apache-2.0
// Class adapter: a KSP pad as a SignaturePad. One capture is CLEAR_SCREEN
// implied by START_CAPTURE, pen and button reports on the interrupt pipe
// until OK (or the idle rule), STOP_CAPTURE (docs/signature-pad.md).
#include <algorithm>
#include <cmath>

#include "../classes/signature_pad.hpp"
#include "ksp_failures.hpp"
#include "ksp_session.hpp"
#include "ksp_usb_ids.hpp"
#include "stroke_assembler.hpp"

namespace ktpel::signpad {
namespace {

using drivers::DeviceFailure;
using drivers::ProgressStage;
using Kind = DeviceFailure::Kind;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// The interrupt pipe is read in slices this long, so the deadline, the
// idle rule and the progress cadence are looked at even while the pen
// rests.
constexpr std::chrono::milliseconds kReportPoll{50};
// New points are reported at least this often (the class promises 200 ms).
constexpr std::chrono::milliseconds kProgressInterval{100};
constexpr std::chrono::milliseconds kStopTimeout{2000};

usb::SessionOptions parse_options(const nlohmann::json& options)
{
    // Not below the pad's heartbeat interval (250 ms) with room to spare.
    return usb::read_session_options(options, kDefaultTiming, 500);
}

drivers::PenContact contact_of(const PenReport& pen)
{
    if (pen.tip)
        return drivers::PenContact::down;
    return pen.in_proximity ? drivers::PenContact::hover : drivers::PenContact::away;
}

nlohmann::json buttons_of(std::uint8_t bits)
{
    nlohmann::json names = nlohmann::json::array();
    if (bits & kButtonOkBit)
        names.push_back("ok");
    if (bits & kButtonClearBit)
        names.push_back("clear");
    if (bits & kButtonCancelBit)
        names.push_back("cancel");
    return names;
}

// Everything one capture() call keeps between reports.
struct CaptureRun
{
    const drivers::SignatureCaptureRequest& request;
    const drivers::OperationContext& context;
    drivers::PadGeometry geometry;
    Clock::time_point deadline;
    StrokeAssembler assembler;
    SequenceCounter sequence;
    std::uint32_t pad_time_ms = 0; // latest pad clock reading
    std::uint32_t restarts = 0;
    bool pen_seen = false; // in this attempt
    Clock::time_point last_progress = Clock::now();

    bool enough_ink() const
    {
        return assembler.has_ink() &&
               assembler.ink_length() >= request.minimum_ink_mm * geometry.units_per_mm;
    }

    bool idle_finish_due() const
    {
        if (request.finish_after_idle <= 0ms || assembler.pen_down() || !enough_ink())
            return false;
        const std::uint32_t last_down = assembler.last_down_ms().value_or(pad_time_ms);
        return pad_time_ms >= last_down &&
               std::chrono::milliseconds{pad_time_ms - last_down} >= request.finish_after_idle;
    }

    void report_waiting(bool cleared) const
    {
        context.progress(ProgressStage::waiting_for_subject,
                         {{"width", geometry.width},
                          {"height", geometry.height},
                          {"units_per_mm", geometry.units_per_mm},
                          {"max_pressure", geometry.max_pressure},
                          {"cleared", cleared}});
    }

    void report_points(nlohmann::json extra = nlohmann::json::object())
    {
        const std::size_t offset = assembler.points_reported();
        nlohmann::json points = nlohmann::json::array();
        for (const auto& point : assembler.take_new_points())
            points.push_back({point.stroke, point.sample.x, point.sample.y, point.sample.pressure,
                              point.sample.time_ms});
        extra["stroke_count"] = assembler.strokes().size();
        extra["point_offset"] = offset;
        extra["points"] = std::move(points);
        context.progress(ProgressStage::capturing, extra);
        last_progress = Clock::now();
    }
};

class KspSignaturePad final : public drivers::SignaturePad
{
public:
    KspSignaturePad(std::unique_ptr<usb::DeviceHandle> usb, usb::SessionOptions options)
        : options_(std::move(options)), session_(std::move(usb), options_.layout, options_.timing)
    {
    }

    drivers::DeviceIdentity probe(const drivers::OperationContext& context) override
    {
        if (!options_.error.empty())
            throw DeviceFailure(Kind::invalid, "bad_option", options_.error);
        session_.claim();
        identity_ = session_.identify(context);
        if ((identity_.protocol_version >> 8) != (kProtocolVersion >> 8))
            throw DeviceFailure(
                Kind::invalid, "unsupported_protocol_version",
                "the pad speaks KSP " + std::to_string(identity_.protocol_version >> 8) + "." +
                    std::to_string(identity_.protocol_version & 0xff) + "; this driver speaks 1.x");
        info_ = session_.get_info(context);
        if (info_.width == 0 || info_.height == 0 || info_.units_per_metre == 0 ||
            info_.max_pressure == 0 || info_.report_rate_hz == 0)
            throw_protocol_failure("INFO describes an empty or unknown surface");
        if ((info_.buttons & kButtonOkBit) == 0)
            throw DeviceFailure(Kind::invalid, "no_ok_button",
                                "the pad has no OK button to finish a signature with");
        geometry_.width = info_.width;
        geometry_.height = info_.height;
        geometry_.units_per_mm = info_.units_per_metre / 1000.0;
        geometry_.max_pressure = info_.max_pressure;
        geometry_.report_rate_hz = info_.report_rate_hz;
        return {identity_.manufacturer, identity_.model, identity_.serial, identity_.firmware};
    }

    nlohmann::json capabilities() const override
    {
        return {
            {"protocol", "ksp"},
            {"protocol_version", std::to_string(identity_.protocol_version >> 8) + "." +
                                     std::to_string(identity_.protocol_version & 0xff)},
            {"width_units", geometry_.width},
            {"height_units", geometry_.height},
            {"units_per_mm", geometry_.units_per_mm},
            {"width_mm", geometry_.units_per_mm > 0 ? geometry_.width / geometry_.units_per_mm : 0},
            {"height_mm",
             geometry_.units_per_mm > 0 ? geometry_.height / geometry_.units_per_mm : 0},
            {"max_pressure", geometry_.max_pressure},
            {"report_rate_hz", geometry_.report_rate_hz},
            {"screen", {{"width", info_.screen_width}, {"height", info_.screen_height}}},
            {"buttons", buttons_of(info_.buttons)},
        };
    }

    drivers::PadGeometry geometry() const override { return geometry_; }

    drivers::SignatureCapture capture(const drivers::SignatureCaptureRequest& request,
                                      const drivers::OperationContext& context) override
    {
        if (geometry_.width == 0)
            throw DeviceFailure(Kind::invalid, "not_probed", "capture before probe");
        if (request.timeout <= 0ms || request.finish_after_idle < 0ms ||
            !(request.minimum_ink_mm >= 0))
            throw DeviceFailure(Kind::invalid, "bad_request",
                                "timeout must be positive, finish_after_idle and "
                                "minimum_ink_mm not negative");
        const auto started = Clock::now();
        CaptureRun run{request, context, geometry_,
                       std::min(context.deadline(), started + request.timeout)};
        try {
            session_.start_capture(StartOptions{true}, context);
            run.report_waiting(false);
            const auto finished_by = collect(run);
            if (run.assembler.has_new_points())
                run.report_points();
            // Stopping is not part of what the caller may cancel: the
            // signature is complete and the pad must go idle.
            session_.stop_capture(drivers::OperationContext({}, Clock::now() + kStopTimeout));
            drivers::SignatureCapture capture;
            capture.strokes = run.assembler.strokes();
            capture.geometry = geometry_;
            capture.finished_by = finished_by;
            capture.restarts = run.restarts;
            capture.reports_lost = run.sequence.lost();
            capture.elapsed =
                std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
            return capture;
        } catch (const DeviceFailure& failure) {
            if (failure.kind() != Kind::disconnected)
                session_.recover();
            throw;
        }
    }

    void clear(const drivers::OperationContext& context) override
    {
        session_.clear_screen(context);
    }

private:
    drivers::SignatureFinish collect(CaptureRun& run)
    {
        for (;;) {
            run.context.throw_if_cancelled();
            const auto now = Clock::now();
            if (now >= run.deadline)
                fail_deadline(run);
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(run.deadline - now);
            bool lifted = false;
            if (const auto report = session_.next_report(
                    std::clamp(left, std::chrono::milliseconds{1}, kReportPoll),
                    run.context.stop_token())) {
                run.sequence.see(report->sequence);
                run.pad_time_ms = std::max(run.pad_time_ms, report->time_ms);
                if (const auto* pen = std::get_if<PenReport>(&report->body)) {
                    lifted = on_pen(run, *pen, report->time_ms);
                } else if (const auto* button = std::get_if<ButtonReport>(&report->body)) {
                    if (on_button(run, button->button))
                        return drivers::SignatureFinish::ok_button;
                }
            }
            if (run.idle_finish_due())
                return drivers::SignatureFinish::pen_idle;
            if (run.assembler.has_new_points() &&
                (lifted || Clock::now() - run.last_progress >= kProgressInterval))
                run.report_points();
        }
    }

    bool on_pen(CaptureRun& run, const PenReport& pen, std::uint32_t time_ms)
    {
        if (pen.in_proximity && !run.pen_seen) {
            run.pen_seen = true;
            run.context.progress(ProgressStage::subject_detected);
        }
        if (pen.x >= geometry_.width || pen.y >= geometry_.height ||
            pen.pressure > geometry_.max_pressure)
            throw_protocol_failure("pen report outside the surface INFO described");
        return run.assembler.add({pen.x, pen.y, pen.pressure, time_ms, contact_of(pen)});
    }

    // Returns true when the button finishes the capture.
    bool on_button(CaptureRun& run, PadButton button)
    {
        switch (button) {
        case PadButton::ok:
            if (run.enough_ink())
                return true;
            run.report_points({{"ok_ignored", "not_enough_ink"}});
            return false;
        case PadButton::clear:
            run.assembler.restart();
            run.pen_seen = false;
            ++run.restarts;
            session_.clear_screen(run.context);
            run.report_waiting(true);
            return false;
        case PadButton::cancel:
            throw DeviceFailure(Kind::cancelled, "cancel_button",
                                "the applicant pressed Cancel on the signature pad");
        }
        return false;
    }

    [[noreturn]] void fail_deadline(const CaptureRun& run)
    {
        if (!run.assembler.has_ink())
            throw DeviceFailure(Kind::no_subject, "no_signature",
                                "nobody signed on the pad before the deadline");
        throw DeviceFailure(Kind::timeout, "signature_unfinished",
                            "the signature was not finished (OK) before the deadline");
    }

    usb::SessionOptions options_;
    Session session_;
    Identity identity_;
    PadInfo info_;
    drivers::PadGeometry geometry_;
};

const drivers::DriverRegistration registration{{
    .name = "ksp-signature-pad",
    .device_class = drivers::DeviceClass::signature_pad,
    .summary = "KSP signature pads over USB: pen trajectories with pressure, OK/Clear/Cancel",
    .usb_ids = {kSignaturePadId},
    .reader_patterns = {},
    .create = [](drivers::DriverBinding binding) -> std::unique_ptr<drivers::Device> {
        return std::make_unique<KspSignaturePad>(std::move(binding.usb),
                                                 parse_options(binding.options));
    },
}};

} // namespace
} // namespace ktpel::signpad
