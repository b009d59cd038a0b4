// SPDX-License-Identifier: Apache-2.0
#include "kip_emulator.hpp"

#include "synthetic_images.hpp"

namespace ktpel::sim {
namespace {

using kip::MessageType;

constexpr std::chrono::milliseconds kHeartbeat{200};
constexpr std::size_t kChunk = 16 * 1024;

} // namespace

KipEmulator::KipEmulator(KipEmulatorSettings settings)
    : settings_(std::move(settings)), subject_delay_(settings_.subject_delay),
      worker_([this](std::stop_token stop) { run(stop); })
{
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
    return {"unplug", "replug", "no_subject", "stall", "hang", "timeout", "subject_delay", "clear"};
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
    } else {
        throw UnknownFault("unknown fault \"" + fault + "\"");
    }
}

void KipEmulator::on_power_cycle()
{
    std::unique_lock lock(mutex_);
    reader_.reset();
    pending_.reset();
    abort_ = capturing_;
    wake_.notify_all();
    // A power-cycled device comes back idle: wait the moment it takes the
    // worker to drop the capture it was in, so the first command after a
    // replug is not refused as busy.
    wake_.wait(lock, [&] { return !capturing_; });
}

void KipEmulator::reply(MessageType type, std::uint8_t sequence, std::vector<std::uint8_t> payload)
{
    queue_packet(kip::encode(kip::Frame{type, sequence, std::move(payload)}));
}

void KipEmulator::finish(MessageType type, std::uint8_t sequence, std::vector<std::uint8_t> payload)
{
    // Idle before the host can read the last frame: a host that answers it
    // with the next CAPTURE at once must not be told the device is busy.
    {
        std::lock_guard lock(mutex_);
        capturing_ = false;
    }
    reply(type, sequence, std::move(payload));
}

void KipEmulator::receive(std::uint8_t /*endpoint*/, std::span<const std::uint8_t> data)
{
    std::vector<kip::Frame> frames;
    {
        std::lock_guard lock(mutex_);
        try {
            reader_.feed(data);
            while (auto frame = reader_.next())
                frames.push_back(std::move(*frame));
        } catch (const kip::FrameError& error) {
            reader_.reset();
            const std::string text = error.what();
            reply(MessageType::error, 0,
                  kip::PayloadWriter{}
                      .u16(static_cast<std::uint16_t>(kip::DeviceErrorCode::bad_frame))
                      .bytes({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()})
                      .take());
            return;
        }
    }
    for (const auto& frame : frames)
        handle(frame);
}

void KipEmulator::handle(const kip::Frame& frame)
{
    switch (frame.type) {
    case MessageType::get_info:
        reply(MessageType::info, frame.sequence,
              kip::PayloadWriter{}
                  .u16(settings_.width)
                  .u16(settings_.height)
                  .u16(settings_.ppi)
                  .u8(static_cast<std::uint8_t>(settings_.modality))
                  .u8(settings_.modality == kip::Modality::iris_dual ? 2 : 1)
                  .short_string(settings_.manufacturer)
                  .short_string(settings_.model)
                  .short_string(settings_.serial)
                  .short_string(settings_.firmware)
                  .take());
        return;
    case MessageType::get_status: {
        std::lock_guard lock(mutex_);
        reply(MessageType::status, frame.sequence,
              kip::PayloadWriter{}.u8(capturing_ ? 1 : 0).u8(0).take());
        return;
    }
    case MessageType::capture: {
        std::lock_guard lock(mutex_);
        if (capturing_ || pending_) {
            reply(MessageType::error, frame.sequence,
                  kip::PayloadWriter{}
                      .u16(static_cast<std::uint16_t>(kip::DeviceErrorCode::busy))
                      .take());
            return;
        }
        try {
            kip::PayloadReader payload(frame.payload);
            const std::uint8_t mode = payload.u8();
            const std::chrono::milliseconds timeout{payload.u32()};
            pending_ = CaptureJob{frame.sequence, mode, timeout};
        } catch (const kip::FrameError&) {
            reply(MessageType::error, frame.sequence,
                  kip::PayloadWriter{}
                      .u16(static_cast<std::uint16_t>(kip::DeviceErrorCode::bad_frame))
                      .take());
            return;
        }
        reply(MessageType::ack, frame.sequence, {static_cast<std::uint8_t>(frame.type)});
        wake_.notify_all();
        return;
    }
    case MessageType::abort: {
        std::lock_guard lock(mutex_);
        abort_ = capturing_;
        pending_.reset();
        discard_queued_packets();
        reply(MessageType::ack, frame.sequence, {static_cast<std::uint8_t>(frame.type)});
        wake_.notify_all();
        return;
    }
    default:
        reply(MessageType::error, frame.sequence,
              kip::PayloadWriter{}
                  .u16(static_cast<std::uint16_t>(kip::DeviceErrorCode::unknown_command))
                  .take());
    }
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
    const auto event = [&](kip::DeviceEvent e) {
        reply(MessageType::event, job.sequence, {static_cast<std::uint8_t>(e)});
    };

    // Wait for the subject, with the heartbeat the protocol promises.
    const auto started = std::chrono::steady_clock::now();
    for (;;) {
        const auto waited = std::chrono::steady_clock::now() - started;
        if (!no_subject && !ignore_timeout && waited >= subject_delay)
            break;
        if (waited >= job.timeout && !ignore_timeout) {
            const std::string text = "nothing on the sensor";
            finish(MessageType::error, job.sequence,
                   kip::PayloadWriter{}
                       .u16(static_cast<std::uint16_t>(kip::DeviceErrorCode::no_subject))
                       .bytes({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()})
                       .take());
            return;
        }
        event(kip::DeviceEvent::waiting_for_subject);
        if (!pause(kHeartbeat, stop))
            return;
    }
    event(kip::DeviceEvent::subject_detected);
    event(kip::DeviceEvent::capturing);

    const auto images = render(job.mode, impression);
    for (std::size_t index = 0; index < images.size(); ++index) {
        const auto& image = images[index];
        reply(MessageType::image_begin, job.sequence,
              kip::PayloadWriter{}
                  .u8(static_cast<std::uint8_t>(index))
                  .u8(static_cast<std::uint8_t>(images.size()))
                  .u16(static_cast<std::uint16_t>(image.width))
                  .u16(static_cast<std::uint16_t>(image.height))
                  .u32(static_cast<std::uint32_t>(image.pixels.size()))
                  .take());
        for (std::size_t offset = 0; offset < image.pixels.size(); offset += kChunk) {
            if (offset >= image.pixels.size() / 3 && (stall || hang)) {
                if (stall)
                    halt_in_endpoint();
                // A hung device: say nothing until the host aborts or replugs.
                pause(std::chrono::hours{1}, stop);
                return;
            }
            {
                std::lock_guard lock(mutex_);
                if (abort_)
                    return;
            }
            const std::size_t size = std::min(kChunk, image.pixels.size() - offset);
            reply(MessageType::image_data, job.sequence,
                  kip::PayloadWriter{}
                      .u32(static_cast<std::uint32_t>(offset))
                      .bytes({image.pixels.data() + offset, size})
                      .take());
        }
        auto end = kip::PayloadWriter{}.u32(kip::crc32_of(image.pixels)).take();
        if (index + 1 == images.size())
            finish(MessageType::image_end, job.sequence, std::move(end));
        else
            reply(MessageType::image_end, job.sequence, std::move(end));
    }
}

std::vector<drivers::RasterImage> KipEmulator::render(std::uint8_t mode,
                                                      std::uint64_t impression) const
{
    switch (settings_.modality) {
    case kip::Modality::fingerprint_slap:
        return {render_slap(settings_.width, settings_.height, settings_.ppi,
                            std::clamp<int>(mode, 1, 4), settings_.person, impression)};
    case kip::Modality::iris_dual:
        return {render_eye(settings_.width, settings_.height, settings_.person, 0, impression),
                render_eye(settings_.width, settings_.height, settings_.person, 1, impression)};
    case kip::Modality::face:
        return {render_portrait(settings_.width, settings_.height, settings_.person, impression)};
    }
    return {};
}

} // namespace ktpel::sim
