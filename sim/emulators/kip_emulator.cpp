// SPDX-License-Identifier: Apache-2.0
#include "kip_emulator.hpp"

#include <algorithm>
#include <future>

#include "drivers/classes/finger_names.hpp"
#include "sim/synthetic_fingerprint/impression.hpp"
#include "sim/synthetic_fingerprint/slap_composer.hpp"
#include "sim/synthetic_iris/eye_renderer.hpp"
#include "synthetic_portrait.hpp"

namespace ktpel::sim {
namespace {

using kip_wire::Message;
using kip_wire::Refusal;
namespace sfp = sim::fingerprint;

constexpr std::chrono::milliseconds kHeartbeat{200};
constexpr std::size_t kChunk = 16 * 1024;
// Impression numbers of one capture's live frames are spaced this far
// apart so that no two captures share one.
constexpr std::uint64_t kFramesPerCapture = 1024;

int finger_code_arg(const nlohmann::json& name)
{
    const auto code =
        name.is_string() ? drivers::finger_code_from_name(name.get<std::string>()) : std::nullopt;
    if (!code)
        throw UnknownFault("unknown finger " + name.dump() +
                           " (right_thumb ... right_little, left_thumb ... left_little)");
    return *code;
}

sfp::SkinCondition skin_arg(const nlohmann::json& name)
{
    try {
        return sfp::skin_condition_from_name(name.is_string() ? name.get<std::string>() : "");
    } catch (const std::invalid_argument&) {
        throw UnknownFault("unknown skin condition " + name.dump() +
                           " (normal, dry, wet, smudged, partial)");
    }
}

iris::EyePresence eye_arg(const nlohmann::json& name)
{
    if (name == "open")
        return iris::EyePresence::open;
    if (name == "closed")
        return iris::EyePresence::closed;
    if (name == "absent")
        return iris::EyePresence::absent;
    throw UnknownFault("unknown eye state " + name.dump() + " (open, closed, absent)");
}

// A dual iris scanner sends both eyes of one capture; the others one image.
std::uint8_t images_per_capture(kip_wire::Modality modality)
{
    return modality == kip_wire::Modality::iris_dual ? 2 : 1;
}

drivers::RasterImage grey_of(const RgbPortrait& portrait)
{
    drivers::RasterImage image;
    image.width = portrait.width;
    image.height = portrait.height;
    image.pixels.resize(std::size_t{portrait.width} * portrait.height);
    for (std::size_t i = 0; i < image.pixels.size(); ++i) {
        const auto* rgb = &portrait.rgb[3 * i];
        image.pixels[i] =
            static_cast<std::uint8_t>((299 * rgb[0] + 587 * rgb[1] + 114 * rgb[2]) / 1000);
    }
    return image;
}

} // namespace

KipEmulator::KipEmulator(KipEmulatorSettings settings)
    : settings_(std::move(settings)), subject_delay_(settings_.subject_delay),
      worker_([this](std::stop_token stop) { run(stop); })
{
    std::lock_guard lock(mutex_);
    applicant_.person = settings_.person;
}

KipEmulator::~KipEmulator()
{
    worker_.request_stop();
    wake_.notify_all();
}

usb::DeviceDescription KipEmulator::description() const
{
    usb::DeviceDescription description;
    description.vendor_id = 0x2e5a;
    description.product_id = settings_.product_id;
    description.manufacturer = settings_.manufacturer;
    description.product = settings_.model;
    description.serial = settings_.serial;
    return description;
}

std::vector<std::string> KipEmulator::faults() const
{
    return {"unplug",        "replug", "no_subject",      "stall", "hang",       "timeout",
            "subject_delay", "person", "missing_fingers", "skin",  "wrong_hand", "wrong_finger",
            "eye",           "blur",   "poor_quality",    "clear"};
}

void KipEmulator::inject_applicant(const std::string& fault, const nlohmann::json& args)
{
    if (fault == "person") {
        const auto id = args.find("id");
        if (id == args.end() || !id->is_number_unsigned())
            throw UnknownFault("person needs \"id\": a non-negative integer");
        applicant_.person = id->get<std::uint64_t>();
    } else if (fault == "missing_fingers") {
        const auto fingers = args.find("fingers");
        if (fingers == args.end() || !fingers->is_array())
            throw UnknownFault("missing_fingers needs \"fingers\": a list of finger names");
        applicant_.missing_fingers.clear();
        for (const auto& name : *fingers)
            applicant_.missing_fingers.insert(finger_code_arg(name));
    } else if (fault == "skin") {
        if (!args.contains("condition") && !args.contains("fingers"))
            throw UnknownFault("skin needs \"condition\" and/or \"fingers\"");
        if (args.contains("condition"))
            applicant_.skin = skin_arg(args["condition"]);
        if (const auto fingers = args.find("fingers"); fingers != args.end()) {
            if (!fingers->is_object())
                throw UnknownFault("skin: \"fingers\" maps finger names to conditions");
            for (const auto& [name, condition] : fingers->items())
                applicant_.finger_skin[finger_code_arg(name)] = skin_arg(condition);
        }
    } else if (fault == "wrong_hand") {
        applicant_.wrong_hand_once = true;
    } else if (fault == "wrong_finger") {
        const auto finger = args.find("finger");
        if (finger == args.end())
            throw UnknownFault("wrong_finger needs \"finger\": the finger the applicant presents");
        applicant_.wrong_finger_once = finger_code_arg(*finger);
    } else if (fault == "eye") {
        if (!args.contains("right") && !args.contains("left"))
            throw UnknownFault("eye needs \"right\" and/or \"left\": open, closed or absent");
        if (args.contains("right"))
            applicant_.right_eye = eye_arg(args["right"]);
        if (args.contains("left"))
            applicant_.left_eye = eye_arg(args["left"]);
    } else if (fault == "blur") {
        const auto sigma = args.find("sigma");
        if (sigma == args.end() || !sigma->is_number() || sigma->get<double>() < 0 ||
            sigma->get<double>() > 20)
            throw UnknownFault("blur needs \"sigma\": pixels from 0 to 20");
        applicant_.eye_blur_sigma = sigma->get<double>();
    } else if (fault == "poor_quality") {
        // Whatever this device captures comes out bad until "clear".
        applicant_.skin = sfp::SkinCondition::Smudged;
        applicant_.eye_blur_sigma = 6.0;
    } else {
        throw UnknownFault("unknown fault \"" + fault + "\"");
    }
}

void KipEmulator::inject(const std::string& fault, const nlohmann::json& args)
{
    std::lock_guard lock(mutex_);
    if (fault == "no_subject") {
        fault_no_subject_ = true;
    } else if (fault == "stall") {
        fault_stall_once_ = true;
    } else if (fault == "hang") {
        fault_hang_once_ = true;
    } else if (fault == "timeout") {
        fault_timeout_once_ = true;
    } else if (fault == "subject_delay") {
        const auto ms = args.find("ms");
        if (ms == args.end() || !ms->is_number_integer() || ms->get<std::int64_t>() < 0 ||
            ms->get<std::int64_t>() > 600000)
            throw UnknownFault("subject_delay needs \"ms\": an integer from 0 to 600000");
        subject_delay_ = std::chrono::milliseconds{ms->get<std::int64_t>()};
    } else if (fault == "clear") {
        fault_no_subject_ = fault_stall_once_ = fault_hang_once_ = fault_timeout_once_ = false;
        subject_delay_ = settings_.subject_delay;
        applicant_ = EmulatedApplicant{};
        applicant_.person = settings_.person;
    } else {
        inject_applicant(fault, args);
    }
}

void KipEmulator::on_power_cycle()
{
    std::unique_lock lock(mutex_);
    commands_.clear();
    pending_.reset();
    abort_ = capturing_;
    wake_.notify_all();
    // A power-cycled device comes back idle: wait the moment it takes the
    // worker to drop the capture it was in, so the first command after a
    // replug is not refused as busy.
    wake_.wait(lock, [&] { return !capturing_; });
}

void KipEmulator::reply(Message message, std::uint8_t sequence,
                        std::span<const std::uint8_t> payload)
{
    queue_packet(kip_wire::frame(message, sequence, payload));
}

void KipEmulator::finish(Message message, std::uint8_t sequence,
                         std::span<const std::uint8_t> payload)
{
    // Idle before the host can read the last frame: a host that answers it
    // with the next CAPTURE at once must not be told the device is busy.
    {
        std::lock_guard lock(mutex_);
        capturing_ = false;
    }
    reply(message, sequence, payload);
}

void KipEmulator::receive(std::uint8_t /*endpoint*/, std::span<const std::uint8_t> data)
{
    std::vector<kip_wire::CommandFrame> commands;
    {
        std::lock_guard lock(mutex_);
        try {
            commands_.append(data);
            while (auto command = commands_.take())
                commands.push_back(std::move(*command));
        } catch (const kip_wire::BadCommand& bad) {
            commands_.clear();
            reply(Message::error, 0, kip_wire::error(Refusal::bad_frame, bad.what()));
            return;
        }
    }
    for (const auto& command : commands)
        handle(command);
}

void KipEmulator::handle(const kip_wire::CommandFrame& command)
{
    using kip_wire::Command;
    switch (static_cast<Command>(command.command)) {
    case Command::get_info:
        reply(Message::info, command.sequence,
              kip_wire::info({settings_.width, settings_.height, settings_.ppi, settings_.modality,
                              images_per_capture(settings_.modality), settings_.manufacturer,
                              settings_.model, settings_.serial, settings_.firmware}));
        return;
    case Command::get_status: {
        std::lock_guard lock(mutex_);
        reply(Message::status, command.sequence, kip_wire::status(capturing_, false));
        return;
    }
    case Command::capture: {
        std::lock_guard lock(mutex_);
        if (capturing_ || pending_) {
            reply(Message::error, command.sequence, kip_wire::error(Refusal::busy));
            return;
        }
        try {
            const auto arguments = kip_wire::read_capture(command.payload);
            pending_ = CaptureJob{command.sequence, arguments,
                                  std::chrono::milliseconds{arguments.timeout_ms}};
        } catch (const kip_wire::BadCommand&) {
            reply(Message::error, command.sequence, kip_wire::error(Refusal::bad_frame));
            return;
        }
        reply(Message::ack, command.sequence, kip_wire::ack(Command::capture));
        wake_.notify_all();
        return;
    }
    case Command::abort: {
        std::unique_lock lock(mutex_);
        abort_ = capturing_;
        pending_.reset();
        // Emptying the queue also frees a worker waiting for the host to
        // read its last frame.
        discard_queued_packets();
        wake_.notify_all();
        // A device acknowledges ABORT once it is idle again: wait the
        // moment the worker takes to drop its capture (it may be rendering
        // a frame), so the host's next CAPTURE is not refused as busy.
        wake_.wait(lock, [&] { return !capturing_; });
        // What the worker sent while it was stopping belongs to the
        // aborted capture too.
        discard_queued_packets();
        reply(Message::ack, command.sequence, kip_wire::ack(Command::abort));
        return;
    }
    }
    reply(Message::error, command.sequence, kip_wire::error(Refusal::unknown_command));
}

void KipEmulator::run(std::stop_token stop)
{
    while (!stop.stop_requested()) {
        CaptureJob job{};
        {
            std::unique_lock lock(mutex_);
            if (!wake_.wait(lock, stop, [&] { return pending_.has_value(); }))
                return;
            job = *pending_;
            pending_.reset();
            capturing_ = true;
            abort_ = false;
        }
        perform(job, stop);
        std::lock_guard lock(mutex_);
        capturing_ = false;
        wake_.notify_all();
    }
}

bool KipEmulator::pause(std::chrono::milliseconds duration, std::stop_token stop)
{
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, duration, [&] { return abort_; });
    return !abort_ && !stop.stop_requested();
}

void KipEmulator::perform(const CaptureJob& job, std::stop_token stop)
{
    bool no_subject, stall, hang, ignore_timeout;
    std::chrono::milliseconds subject_delay;
    std::uint64_t impression;
    {
        std::lock_guard lock(mutex_);
        no_subject = fault_no_subject_;
        stall = std::exchange(fault_stall_once_, false);
        hang = std::exchange(fault_hang_once_, false);
        // A device that forgets its own timeout: it keeps waiting (and
        // heart-beating) until the host gives up.
        ignore_timeout = std::exchange(fault_timeout_once_, false);
        subject_delay = subject_delay_;
        impression = ++impressions_;
    }
    const auto event = [&](kip_wire::Progress progress) {
        reply(Message::event, job.sequence, kip_wire::event(progress));
    };

    // Wait for the subject, with the heartbeat the protocol promises.
    const auto started = std::chrono::steady_clock::now();
    for (;;) {
        const auto waited = std::chrono::steady_clock::now() - started;
        if (!no_subject && !ignore_timeout && waited >= subject_delay)
            break;
        if (waited >= job.timeout && !ignore_timeout) {
            finish(Message::error, job.sequence,
                   kip_wire::error(Refusal::no_subject, "nothing on the sensor"));
            return;
        }
        event(kip_wire::Progress::waiting_for_subject);
        if (!pause(kHeartbeat, stop))
            return;
    }
    event(kip_wire::Progress::subject_detected);
    event(kip_wire::Progress::capturing);

    if (job.arguments.live) {
        stream_frames(job, impression, stall, hang, stop);
        return;
    }
    EmulatedApplicant applicant;
    {
        std::lock_guard lock(mutex_);
        applicant = applicant_;
        applicant_.wrong_hand_once = false;
        applicant_.wrong_finger_once = 0;
    }
    send_images(job, render_with_heartbeat(job, impression * kFramesPerCapture, 0, applicant, stop),
                stall, hang, true, stop);
}

void KipEmulator::stream_frames(const CaptureJob& job, std::uint64_t impression, bool stall,
                                bool hang, std::stop_token stop)
{
    EmulatedApplicant applicant;
    {
        std::lock_guard lock(mutex_);
        applicant = applicant_;
        applicant_.wrong_hand_once = false;
        applicant_.wrong_finger_once = 0;
    }
    const auto started = std::chrono::steady_clock::now();
    for (std::uint64_t frame = 0;; ++frame) {
        const auto frame_started = std::chrono::steady_clock::now();
        if (frame_started - started >= job.timeout) {
            finish(Message::error, job.sequence,
                   kip_wire::error(Refusal::stream_timeout, "live stream reached its timeout"));
            return;
        }
        const int settling = std::max<int>(0, settings_.settling_frames - static_cast<int>(frame));
        const auto images = render_with_heartbeat(job, impression * kFramesPerCapture + frame,
                                                  settling, applicant, stop);
        if (!send_images(job, images, stall && frame == 0, hang && frame == 0, false, stop))
            return;
        // A host still busy with the last frame holds the device back, as
        // a USB host that stops reading does.
        std::size_t packets_per_frame = 0;
        for (const auto& image : images)
            packets_per_frame += 2 + (image.pixels.size() + kChunk - 1) / kChunk;
        while (!wait_for_host(packets_per_frame, kHeartbeat, stop)) {
            std::lock_guard lock(mutex_);
            if (abort_ || stop.stop_requested() || !connected())
                return;
        }
        const auto spent = std::chrono::steady_clock::now() - frame_started;
        if (spent < settings_.frame_interval &&
            !pause(std::chrono::duration_cast<std::chrono::milliseconds>(settings_.frame_interval -
                                                                         spent),
                   stop))
            return;
    }
}

bool KipEmulator::send_images(const CaptureJob& job,
                              const std::vector<drivers::RasterImage>& images, bool stall,
                              bool hang, bool last, std::stop_token stop)
{
    for (std::size_t index = 0; index < images.size(); ++index) {
        const auto& image = images[index];
        {
            std::lock_guard lock(mutex_);
            if (abort_)
                return false;
        }
        reply(Message::image_begin, job.sequence,
              kip_wire::image_begin(
                  static_cast<std::uint8_t>(index), static_cast<std::uint8_t>(images.size()),
                  static_cast<std::uint16_t>(image.width), static_cast<std::uint16_t>(image.height),
                  static_cast<std::uint32_t>(image.pixels.size())));
        for (std::size_t offset = 0; offset < image.pixels.size(); offset += kChunk) {
            if (offset >= image.pixels.size() / 3 && (stall || hang)) {
                if (stall)
                    halt_in_endpoint();
                // A hung device: say nothing until the host aborts or replugs.
                pause(std::chrono::hours{1}, stop);
                return false;
            }
            {
                std::lock_guard lock(mutex_);
                if (abort_)
                    return false;
            }
            const std::size_t size = std::min(kChunk, image.pixels.size() - offset);
            reply(Message::image_data, job.sequence,
                  kip_wire::image_data(static_cast<std::uint32_t>(offset),
                                       {image.pixels.data() + offset, size}));
        }
        const auto end = kip_wire::image_end(image.pixels);
        if (last && index + 1 == images.size())
            finish(Message::image_end, job.sequence, end);
        else
            reply(Message::image_end, job.sequence, end);
    }
    return true;
}

std::vector<drivers::RasterImage>
KipEmulator::render_with_heartbeat(const CaptureJob& job, std::uint64_t impression, int settling,
                                   const EmulatedApplicant& applicant, std::stop_token stop)
{
    // Drawing a synthetic slap takes a few hundred milliseconds, several
    // seconds on a loaded machine; a real scanner's sensor does not go
    // quiet meanwhile, and a host hears silence as a hung device
    // (kSilenceLimit in the driver). So the heartbeat goes on while the
    // frame is drawn on a thread of its own (render is const).
    auto drawing = std::async(std::launch::async, [this, &job, impression, settling, &applicant] {
        return render(job.arguments, impression, settling, applicant);
    });
    while (drawing.wait_for(kHeartbeat) != std::future_status::ready) {
        bool aborted = stop.stop_requested();
        {
            std::lock_guard lock(mutex_);
            aborted = aborted || abort_;
        }
        if (!aborted)
            reply(Message::event, job.sequence, kip_wire::event(kip_wire::Progress::capturing));
    }
    return drawing.get();
}

std::vector<drivers::RasterImage> KipEmulator::render(const kip_wire::CaptureArguments& asked,
                                                      std::uint64_t impression, int settling,
                                                      const EmulatedApplicant& applicant) const
{
    switch (settings_.modality) {
    case kip_wire::Modality::fingerprint_slap:
        return render_slap(asked, impression, settling, applicant);
    case kip_wire::Modality::iris_dual:
        return render_eyes(impression, settling, applicant);
    case kip_wire::Modality::face: {
        PortraitScene scene;
        scene.person = applicant.person;
        scene.impression = impression;
        return {grey_of(render_colour_portrait(settings_.width, settings_.height, scene))};
    }
    }
    return {};
}

std::vector<drivers::RasterImage> KipEmulator::render_slap(const kip_wire::CaptureArguments& asked,
                                                           std::uint64_t impression, int settling,
                                                           const EmulatedApplicant& applicant) const
{
    // A finger still landing is only partly on the glass, then smeared as
    // it settles.
    const auto condition_now = [&](sfp::SkinCondition settled) {
        if (settling >= 2)
            return sfp::SkinCondition::Partial;
        if (settling == 1)
            return sfp::SkinCondition::Smudged;
        return settled;
    };
    const int fingers = asked.count;
    const int hint = asked.hint;
    if (fingers == 1) {
        const int asked = hint >= 1 && hint <= 10 ? hint : 2; // any finger: the right index
        const int code = applicant.wrong_finger_once ? applicant.wrong_finger_once : asked;
        if (applicant.missing_fingers.contains(code))
            return {drivers::RasterImage{400, 500, settings_.ppi,
                                         std::vector<std::uint8_t>(400 * 500, 250)}};
        const auto skin =
            applicant.finger_skin.contains(code) ? applicant.finger_skin.at(code) : applicant.skin;
        auto impression_image = sfp::render_impression(sfp::MasterCache::shared(), applicant.person,
                                                       sfp::finger_position_from_code(code),
                                                       impression, condition_now(skin));
        impression_image.image.ppi = settings_.ppi;
        return {std::move(impression_image.image)};
    }
    sfp::SlapRequest request;
    request.slot = fingers == 2                       ? sfp::SlapSlot::BothThumbs
                   : hint == kip_wire::kRightHandHint ? sfp::SlapSlot::RightFour
                                                      : sfp::SlapSlot::LeftFour;
    request.person = applicant.person;
    request.impression_index = impression;
    request.condition = condition_now(applicant.skin);
    request.wrong_hand = applicant.wrong_hand_once;
    const auto shown = sfp::slap_fingers(request.slot, request.wrong_hand);
    for (const auto position : shown) {
        const int code = sfp::finger_position_code(position);
        if (applicant.missing_fingers.contains(code))
            request.missing.insert(position);
        else if (applicant.finger_skin.contains(code))
            request.finger_conditions[position] = condition_now(applicant.finger_skin.at(code));
    }
    auto slap = sfp::compose_slap(request);
    slap.image.ppi = settings_.ppi;
    return {std::move(slap.image)};
}

std::vector<drivers::RasterImage> KipEmulator::render_eyes(std::uint64_t impression, int settling,
                                                           const EmulatedApplicant& applicant) const
{
    std::vector<drivers::RasterImage> eyes;
    // KIP sends the right eye first, as ISO/IEC 19794-6 numbers them.
    for (const auto side : {iris::EyeSide::right, iris::EyeSide::left}) {
        iris::ImpressionOptions options;
        options.impression = impression;
        options.width = settings_.width;
        options.height = settings_.height;
        // An eye coming towards the lens is out of focus at first.
        options.impairments.defocus_sigma_px = std::max(applicant.eye_blur_sigma, 2.5 * settling);
        options.impairments.presence =
            side == iris::EyeSide::right ? applicant.right_eye : applicant.left_eye;
        auto eye = iris::render_eye(applicant.person, side, options);
        eyes.push_back(std::move(eye.image));
    }
    return eyes;
}

} // namespace ktpel::sim
