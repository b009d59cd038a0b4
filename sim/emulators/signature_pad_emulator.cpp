// SPDX-License-Identifier: Apache-2.0
#include "signature_pad_emulator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "drivers/signpad/ksp_usb_ids.hpp"

namespace ktpel::sim {
namespace {

using namespace std::chrono_literals;
using ksp_wire::Button;
using ksp_wire::Command;
using ksp_wire::Pen;
using ksp_wire::Refusal;

// The applicant's pauses around the buttons, pad time.
constexpr std::uint32_t kBeforeButtonMs = 500;
constexpr std::uint32_t kAfterClearMs = 600;
// Fractions of a rendition an interrupted attempt gets through.
constexpr double kClearedAttemptFraction = 0.5;
constexpr double kCancelledAttemptFraction = 0.4;
// How long the first stroke lasts when the applicant lifts the pen early.
constexpr double kPenLiftInkMs = 150;

// All commands but START_CAPTURE come without a payload.
bool takes_no_payload(Command command)
{
    switch (command) {
    case Command::identify:
    case Command::get_info:
    case Command::clear_screen:
    case Command::stop_capture:
        return true;
    case Command::start_capture:
        return false;
    }
    return false; // not a command at all: refused as such
}

} // namespace

drivers::PenSample pad_sample_of(const signature::PenSample& sample,
                                 const SignaturePadEmulatorSettings& settings,
                                 std::uint32_t start_ms)
{
    const double units_per_mm = settings.units_per_metre / 1000.0;
    const auto to_units = [&](double mm, std::uint16_t extent) {
        return static_cast<std::uint16_t>(
            std::clamp<long>(std::lround(mm * units_per_mm), 0, static_cast<long>(extent) - 1));
    };
    drivers::PenSample pad;
    pad.x = to_units(sample.x_mm, settings.width_units);
    pad.y = to_units(sample.y_mm, settings.height_units);
    pad.pressure =
        sample.touching
            ? static_cast<std::uint16_t>(std::clamp<long>(
                  std::lround(sample.pressure * settings.max_pressure), 1, settings.max_pressure))
            : 0;
    pad.time_ms = start_ms + static_cast<std::uint32_t>(std::lround(sample.time_ms));
    pad.contact = sample.touching ? drivers::PenContact::down : drivers::PenContact::hover;
    return pad;
}

SignaturePadEmulator::SignaturePadEmulator(SignaturePadEmulatorSettings settings)
    : settings_(std::move(settings)), style_(signature::style_of_person(settings_.person)),
      subject_delay_(settings_.subject_delay), player_([this](std::stop_token stop) { run(stop); })
{
    if (!(settings_.time_scale > 0) || settings_.width_units == 0 || settings_.height_units == 0 ||
        settings_.units_per_metre == 0 || settings_.max_pressure == 0 ||
        settings_.report_rate_hz == 0)
        throw std::invalid_argument("signature pad emulator: time_scale and the surface's "
                                    "sizes, resolution, pressure range and rate must be positive");
}

SignaturePadEmulator::~SignaturePadEmulator()
{
    player_.request_stop();
    wake_.notify_all();
}

usb::DeviceDescription SignaturePadEmulator::description() const
{
    usb::DeviceDescription description;
    description.vendor_id = signpad::kSignaturePadId.vendor_id;
    description.product_id = signpad::kSignaturePadId.product_id;
    description.manufacturer = settings_.manufacturer;
    description.product = settings_.model;
    description.serial = settings_.serial;
    return description;
}

std::vector<std::string> SignaturePadEmulator::faults() const
{
    return {"unplug",     "replug",        "stall",        "sensor_fault", "hang",
            "no_subject", "cancel_button", "clear_button", "pen_lift",     "no_ok_button",
            "slow",       "subject_delay", "clear"};
}

void SignaturePadEmulator::inject(const std::string& fault, const nlohmann::json& args)
{
    std::lock_guard lock(mutex_);
    if (fault == "stall") {
        fault_stall_once_ = true;
    } else if (fault == "sensor_fault") {
        fault_sensor_once_ = true;
    } else if (fault == "hang") {
        fault_hang_once_ = true;
    } else if (fault == "no_subject") {
        fault_no_subject_ = true;
    } else if (fault == "cancel_button") {
        fault_cancel_once_ = true;
    } else if (fault == "clear_button") {
        fault_clear_once_ = true;
    } else if (fault == "pen_lift") {
        fault_pen_lift_once_ = true;
    } else if (fault == "no_ok_button") {
        fault_no_ok_ = true;
    } else if (fault == "slow") {
        const auto it = args.find("factor");
        if (it != args.end() &&
            (!it->is_number() || it->get<double>() < 1 || it->get<double>() > 10))
            throw UnknownFault("slow takes \"factor\": a number from 1 to 10");
        slowness_ = it == args.end() ? 2.0 : it->get<double>();
    } else if (fault == "subject_delay") {
        const auto it = args.find("ms");
        if (it == args.end() || !it->is_number_integer() || it->get<std::int64_t>() < 0 ||
            it->get<std::int64_t>() > 600000)
            throw UnknownFault("subject_delay needs \"ms\": an integer from 0 to 600000");
        subject_delay_ = std::chrono::milliseconds{it->get<std::int64_t>()};
    } else if (fault == "clear") {
        fault_stall_once_ = fault_sensor_once_ = fault_hang_once_ = false;
        fault_cancel_once_ = fault_clear_once_ = fault_pen_lift_once_ = false;
        fault_no_subject_ = fault_no_ok_ = false;
        slowness_ = 1.0;
        subject_delay_ = settings_.subject_delay;
    } else {
        throw UnknownFault("unknown fault \"" + fault + "\"");
    }
}

std::uint64_t SignaturePadEmulator::impressions() const
{
    std::lock_guard lock(mutex_);
    return impressions_;
}

std::vector<drivers::PenStroke> SignaturePadEmulator::last_drawn_strokes() const
{
    std::lock_guard lock(mutex_);
    return last_drawn_;
}

std::size_t SignaturePadEmulator::screen_ink_points() const
{
    std::lock_guard lock(mutex_);
    return screen_ink_;
}

bool SignaturePadEmulator::capturing() const
{
    std::lock_guard lock(mutex_);
    return capturing_;
}

void SignaturePadEmulator::on_power_cycle()
{
    std::lock_guard lock(mutex_);
    // Power lost: the capture, the screen and any half-read command are gone.
    commands_.clear();
    ++generation_;
    capturing_ = false;
    pending_script_.reset();
    screen_ink_ = 0;
    sequence_ = 0;
    wake_.notify_all();
}

void SignaturePadEmulator::receive(std::uint8_t /*endpoint*/, std::span<const std::uint8_t> data)
{
    std::vector<ksp_wire::CommandFrame> commands;
    {
        std::lock_guard lock(mutex_);
        try {
            commands_.append(data);
            while (auto command = commands_.take())
                commands.push_back(std::move(*command));
        } catch (const ksp_wire::BadCommand&) {
            // Garbage on the command pipe: halt until the host clears it.
            commands_.clear();
            halt_in_endpoint();
            return;
        }
    }
    for (const auto& command : commands)
        handle(command);
}

void SignaturePadEmulator::handle(const ksp_wire::CommandFrame& command)
{
    std::lock_guard lock(mutex_);
    if (std::exchange(fault_stall_once_, false)) {
        halt_in_endpoint(); // the command is lost with the halted pipe
        return;
    }
    queue_packet(execute(command));
}

std::vector<std::uint8_t> SignaturePadEmulator::execute(const ksp_wire::CommandFrame& command)
{
    const auto known = static_cast<Command>(command.opcode);
    if (!command.payload.empty() && takes_no_payload(known))
        return ksp_wire::refusal(command, Refusal::bad_length,
                                 ksp_wire::command_name(command.opcode) + " takes no payload");
    switch (known) {
    case Command::identify:
        return ksp_wire::answer(command,
                                ksp_wire::identity({settings_.manufacturer, settings_.model,
                                                    settings_.serial, settings_.firmware}));
    case Command::get_info:
        return ksp_wire::answer(
            command, ksp_wire::surface({settings_.width_units, settings_.height_units,
                                        settings_.units_per_metre, settings_.max_pressure,
                                        settings_.report_rate_hz, settings_.screen_width,
                                        settings_.screen_height}));
    case Command::clear_screen:
        screen_ink_ = 0;
        return ksp_wire::answer(command);
    case Command::start_capture: {
        if (command.payload.size() != 1)
            return ksp_wire::refusal(command, Refusal::bad_length,
                                     "START_CAPTURE takes one flags byte");
        bool hover = false;
        try {
            hover = ksp_wire::reports_hover(command.payload.front());
        } catch (const ksp_wire::BadCommand& bad) {
            return ksp_wire::refusal(command, Refusal::bad_argument, bad.what());
        }
        if (std::exchange(fault_sensor_once_, false))
            return ksp_wire::refusal(command, Refusal::sensor_fault, "digitiser self test failed");
        // A START while capturing starts over.
        ++generation_;
        capturing_ = true;
        hover_reports_ = hover;
        sequence_ = 0;
        screen_ink_ = 0;
        capture_started_ = std::chrono::steady_clock::now();
        pending_script_ = script_for_capture();
        wake_.notify_all();
        return ksp_wire::answer(command);
    }
    case Command::stop_capture:
        ++generation_;
        capturing_ = false;
        pending_script_.reset();
        wake_.notify_all();
        return ksp_wire::answer(command);
    }
    return ksp_wire::refusal(command, Refusal::unknown_opcode,
                             "opcode " + ksp_wire::command_name(command.opcode) +
                                 " is not a command");
}

signature::Rendition SignaturePadEmulator::perform_next(double slowness)
{
    signature::RenditionOptions options;
    options.impression = ++impressions_;
    options.area.width_mm = settings_.width_units * 1000.0 / settings_.units_per_metre;
    options.area.height_mm = settings_.height_units * 1000.0 / settings_.units_per_metre;
    options.sample_rate_hz = settings_.report_rate_hz;
    options.slowness = slowness;
    return signature::perform(style_, options);
}

std::uint32_t SignaturePadEmulator::add_rendition(Script& script,
                                                  const signature::Rendition& rendition,
                                                  std::uint32_t start_ms, bool ground_truth)
{
    if (ground_truth)
        last_drawn_.clear();
    bool down = false;
    drivers::PenSample last{};
    for (const auto& sample : rendition.samples) {
        last = pad_sample_of(sample, settings_, start_ms);
        script.steps.push_back(
            {last.time_ms, Pen{sample.touching, true, last.x, last.y, last.pressure}});
        if (ground_truth && sample.touching) {
            if (!down)
                last_drawn_.emplace_back();
            last_drawn_.back().samples.push_back(last);
        }
        down = sample.touching;
    }
    // The pen leaves the pad's range: one report saying so.
    const auto away_at =
        last.time_ms + static_cast<std::uint32_t>(std::lround(rendition.sample_period_ms));
    script.steps.push_back({away_at, Pen{false, false, last.x, last.y, 0}});
    return away_at;
}

SignaturePadEmulator::Script SignaturePadEmulator::script_for_capture()
{
    Script script;
    last_drawn_.clear();
    if (fault_no_subject_)
        return script; // nobody picks up the pen: heartbeats only
    auto at = static_cast<std::uint32_t>(subject_delay_.count());
    if (std::exchange(fault_clear_once_, false)) {
        const auto first = perform_next(slowness_);
        at = add_rendition(script,
                           signature::truncate(first, first.duration_ms * kClearedAttemptFraction),
                           at, false);
        at += kBeforeButtonMs;
        script.steps.push_back({at, Button::clear});
        at += kAfterClearMs;
    }
    if (std::exchange(fault_cancel_once_, false)) {
        const auto attempt = perform_next(slowness_);
        at = add_rendition(
            script, signature::truncate(attempt, attempt.duration_ms * kCancelledAttemptFraction),
            at, true);
        script.steps.push_back({at + kBeforeButtonMs, Button::cancel});
        return script;
    }
    auto rendition = perform_next(slowness_);
    if (std::exchange(fault_pen_lift_once_, false))
        rendition = signature::truncate(
            rendition, signature::time_after_first_touch(rendition, kPenLiftInkMs));
    at = add_rendition(script, rendition, at, true);
    if (std::exchange(fault_hang_once_, false))
        script.freeze_at = script.steps.size() / 2;
    if (!fault_no_ok_)
        script.steps.push_back(
            {at + static_cast<std::uint32_t>(settings_.review_pause.count()), Button::ok});
    return script;
}

void SignaturePadEmulator::send_pen(const Pen& pen, std::uint32_t at_ms)
{
    queue_interrupt_packet(ksp_wire::pen_report(pen, sequence_++, at_ms));
}

void SignaturePadEmulator::send_button(Button button, std::uint32_t at_ms)
{
    queue_interrupt_packet(ksp_wire::button_report(button, sequence_++, at_ms));
}

void SignaturePadEmulator::send_heartbeat(std::uint32_t at_ms)
{
    queue_interrupt_packet(ksp_wire::heartbeat_report(true, sequence_++, at_ms));
}

void SignaturePadEmulator::run(std::stop_token stop)
{
    std::unique_lock lock(mutex_);
    while (!stop.stop_requested()) {
        if (!wake_.wait(lock, stop, [&] { return pending_script_.has_value(); }))
            return;
        play(lock, stop);
    }
}

void SignaturePadEmulator::play(std::unique_lock<std::mutex>& lock, std::stop_token stop)
{
    const Script script = std::move(*pending_script_);
    pending_script_.reset();
    const std::uint64_t generation = generation_;
    const auto started = capture_started_;
    const auto abandoned = [&] {
        return generation_ != generation;
    };
    const auto wall_time = [&](std::uint32_t pad_ms) {
        return started +
               std::chrono::microseconds(std::llround(pad_ms * settings_.time_scale * 1000.0));
    };
    std::uint32_t next_heartbeat = ksp_wire::kHeartbeatPeriodMs;
    std::size_t index = 0;
    bool tip_was_down = false;
    for (;;) {
        if (abandoned() || stop.stop_requested())
            return;
        if (!connected()) {
            capturing_ = false; // no power, no capture; the replug resets the rest
            return;
        }
        if (script.freeze_at && index >= *script.freeze_at) {
            // Frozen firmware: silent until the host's next command.
            wake_.wait(lock, stop, abandoned);
            return;
        }
        const std::uint32_t step_due = index < script.steps.size()
                                           ? script.steps[index].at_ms
                                           : std::numeric_limits<std::uint32_t>::max();
        const bool step_next = step_due <= next_heartbeat;
        const std::uint32_t due = step_next ? step_due : next_heartbeat;
        if (wake_.wait_until(lock, stop, wall_time(due), abandoned) || stop.stop_requested())
            return;
        if (!step_next) {
            send_heartbeat(due);
            next_heartbeat = due + ksp_wire::kHeartbeatPeriodMs;
            continue;
        }
        const auto& step = script.steps[index++];
        if (const auto* pen = std::get_if<Pen>(&step.action)) {
            // Without hover reports the pad still tells the host of a lift.
            const bool hovering = !pen->tip && pen->in_range;
            const bool wanted = !hovering || hover_reports_ || tip_was_down;
            tip_was_down = pen->tip;
            if (!wanted)
                continue;
            if (pen->tip)
                ++screen_ink_;
            send_pen(*pen, step.at_ms);
        } else {
            send_button(std::get<Button>(step.action), step.at_ms);
        }
        next_heartbeat = step.at_ms + ksp_wire::kHeartbeatPeriodMs;
    }
}

} // namespace ktpel::sim
