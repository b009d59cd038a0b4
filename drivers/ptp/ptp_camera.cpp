// SPDX-License-Identifier: Apache-2.0
// Class adapter: a PTP (ISO 15740) still camera as a Camera. One capture is
// InitiateCapture, ObjectAdded on the event pipe, GetObjectInfo,
// GetObject, DeleteObject (docs/drivers/ptp.md).
#include <algorithm>
#include <optional>
#include <set>
#include <thread>

#include "../classes/camera.hpp"
#include "common/jpeg_codec.hpp"
#include "ptp_failures.hpp"
#include "ptp_session.hpp"
#include "ptp_usb_ids.hpp"

namespace ktpel::ptp {
namespace {

using drivers::DeviceFailure;
using Kind = DeviceFailure::Kind;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// The event pipe is polled in slices this long so the capture deadline is
// checked even when the transport's wait cannot be woken.
constexpr std::chrono::milliseconds kEventPoll{250};
// After ObjectAdded a camera sends CaptureComplete at once; one that never
// does is not waited for longer than this.
constexpr std::chrono::milliseconds kCaptureCompleteGrace{500};
// A camera still writing the last photo to its card answers Device_Busy;
// it is asked again for this long before the capture fails.
constexpr std::chrono::milliseconds kBusyRetryWindow{3000};
constexpr std::chrono::milliseconds kBusyRetryPause{100};

usb::SessionOptions parse_options(const nlohmann::json& options)
{
    return usb::read_session_options(options, kDefaultTiming, 100);
}

bool contains(const std::vector<std::uint16_t>& codes, auto code)
{
    return std::find(codes.begin(), codes.end(), static_cast<std::uint16_t>(code)) != codes.end();
}

class PtpCamera final : public drivers::Camera
{
public:
    PtpCamera(std::unique_ptr<usb::DeviceHandle> usb, usb::SessionOptions options)
        : options_(std::move(options)), session_(std::move(usb), options_.layout, options_.timing)
    {
    }

    drivers::DeviceIdentity probe(const drivers::OperationContext& context) override
    {
        if (!options_.error.empty())
            throw DeviceFailure(Kind::invalid, "bad_option", options_.error);
        session_.claim(context);
        session_.open(context);
        info_ = session_.get_device_info(context);
        for (const auto needed : {OperationCode::initiate_capture, OperationCode::get_object_info,
                                  OperationCode::get_object, OperationCode::delete_object}) {
            if (!contains(info_.operations_supported, needed))
                throw DeviceFailure(Kind::invalid, "capture_not_supported",
                                    "the camera does not offer " + name_of(needed));
        }
        if (!contains(info_.events_supported, EventCode::object_added))
            throw DeviceFailure(Kind::invalid, "capture_not_supported",
                                "the camera does not report ObjectAdded");
        read_status(context);
        return {info_.manufacturer, info_.model, info_.serial_number, info_.device_version};
    }

    nlohmann::json capabilities() const override
    {
        nlohmann::json operations = nlohmann::json::array();
        for (const auto code : info_.operations_supported)
            operations.push_back(name_of(static_cast<OperationCode>(code)));
        nlohmann::json events = nlohmann::json::array();
        for (const auto code : info_.events_supported)
            events.push_back(name_of(static_cast<EventCode>(code)));
        return {
            {"protocol", "ptp"},
            {"photo_format", "image/jpeg"},
            {"operations", operations},
            {"events", events},
            {"battery_percent",
             battery_percent_ ? nlohmann::json(*battery_percent_) : nlohmann::json()},
            {"storages", storage_count_},
            {"free_images", free_images_ ? nlohmann::json(*free_images_) : nlohmann::json()},
            {"objects_awaiting_deletion", leftovers_.size()},
        };
    }

    drivers::Photo capture(const drivers::PhotoRequest& request,
                           const drivers::OperationContext& context) override
    {
        const auto started = Clock::now();
        if (!session_.is_open())
            session_.open(context);
        drivers::Photo photo;
        try {
            photo = capture_once(request, context);
        } catch (const ResponseFailure& failure) {
            // The camera dropped the session (auto power-off, a reset we did
            // not see): open a new one and try once more.
            if (failure.code() != ResponseCode::session_not_open)
                throw;
            session_.open(context);
            photo = capture_once(request, context);
        }
        photo.elapsed =
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
        return photo;
    }

private:
    void read_status(const drivers::OperationContext& context)
    {
        if (contains(info_.device_properties_supported, DevicePropCode::battery_level)) {
            const auto value =
                session_.get_device_prop_value(DevicePropCode::battery_level, context);
            if (value.size() != 1)
                throw DeviceFailure(Kind::protocol, "protocol_error",
                                    "BatteryLevel is not a UINT8");
            battery_percent_ = value[0];
        }
        const auto storages = session_.get_storage_ids(context);
        storage_count_ = storages.size();
        if (!storages.empty())
            free_images_ =
                session_.get_storage_info(storages.front(), context).free_space_in_images;
    }

    drivers::Photo capture_once(const drivers::PhotoRequest& request,
                                const drivers::OperationContext& context)
    {
        const auto deadline = std::min(context.deadline(), Clock::now() + request.timeout);
        collect_stray_events();
        delete_leftovers(context);

        context.progress(drivers::ProgressStage::capturing);
        const std::uint32_t capture_transaction = initiate_capture(deadline, context);
        const std::uint32_t handle = wait_for_object(capture_transaction, deadline, context);
        drivers::Photo photo;
        try {
            photo = download(handle, context);
        } catch (const DeviceFailure& failure) {
            // Still on the card: delete it at the next chance.
            if (failure.kind() != Kind::disconnected)
                leftovers_.insert(handle);
            throw;
        }
        delete_after_download(handle, context);
        return photo;
    }

    std::uint32_t initiate_capture(Clock::time_point deadline,
                                   const drivers::OperationContext& context)
    {
        const auto busy_until = std::min(deadline, Clock::now() + kBusyRetryWindow);
        for (;;) {
            try {
                // Storage 0 and format 0: where and how the camera is set up.
                return session_.initiate_capture(0, 0, context);
            } catch (const ResponseFailure& failure) {
                if (failure.code() != ResponseCode::device_busy || Clock::now() >= busy_until)
                    throw;
            }
            std::this_thread::sleep_for(kBusyRetryPause);
            context.throw_if_cancelled();
        }
    }

    std::uint32_t wait_for_object(std::uint32_t capture_transaction, Clock::time_point deadline,
                                  const drivers::OperationContext& context)
    {
        std::optional<std::uint32_t> handle;
        Clock::time_point handle_seen{};
        for (;;) {
            const auto now = Clock::now();
            if (handle && now >= std::min(deadline, handle_seen + kCaptureCompleteGrace))
                return *handle;
            if (now >= deadline)
                throw DeviceFailure(Kind::timeout, "capture_event_missing",
                                    "the camera sent no ObjectAdded event before the deadline");
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
            const auto event =
                session_.wait_event(std::min(left, kEventPoll), context.stop_token());
            if (!event)
                continue;
            if (event->code == EventCode::object_added && !event->params.empty()) {
                if (event->transaction_id != capture_transaction || handle) {
                    // A photo from an earlier (cancelled) capture, or a
                    // second one from this: not ours to return, but ours
                    // to delete.
                    leftovers_.insert(event->params[0]);
                    continue;
                }
                handle = event->params[0];
                handle_seen = Clock::now();
                context.progress(drivers::ProgressStage::transferring, {{"percent", 0}});
            } else if (event->code == EventCode::capture_complete &&
                       event->transaction_id == capture_transaction) {
                if (handle)
                    return *handle;
                throw DeviceFailure(Kind::hardware, "capture_produced_nothing",
                                    "the camera completed the capture without adding a photo");
            } else if (event->code == EventCode::store_full) {
                throw DeviceFailure(Kind::hardware, "ptp_store_full", "the camera's card is full");
            }
        }
    }

    drivers::Photo download(std::uint32_t handle, const drivers::OperationContext& context)
    {
        const ObjectInfo object = session_.get_object_info(handle, context);
        if (object.object_format != static_cast<std::uint16_t>(ObjectFormat::exif_jpeg))
            throw DeviceFailure(Kind::protocol, "unexpected_object_format",
                                "the camera saved a " + hex4(object.object_format) +
                                    " object, not a JPEG (set it to JPEG, not RAW)");
        int last_percent = -1;
        auto jpeg =
            session_.get_object(handle, context, [&](std::size_t received, std::size_t total) {
                const int percent = total == 0 ? 100 : static_cast<int>(100 * received / total);
                if (percent / 10 != last_percent / 10) {
                    last_percent = percent;
                    context.progress(drivers::ProgressStage::transferring, {{"percent", percent}});
                }
            });
        if (object.object_compressed_size != 0 && jpeg.size() != object.object_compressed_size)
            throw DeviceFailure(Kind::protocol, "object_size_mismatch",
                                "GetObject returned " + std::to_string(jpeg.size()) +
                                    " bytes; ObjectInfo promised " +
                                    std::to_string(object.object_compressed_size));
        context.progress(drivers::ProgressStage::processing);
        drivers::Photo photo;
        try {
            photo.image = decode_jpeg_luminance(jpeg);
        } catch (const JpegCodecError& error) {
            throw DeviceFailure(Kind::protocol, "invalid_jpeg",
                                std::string("the camera's photo does not decode: ") + error.what());
        }
        photo.jpeg_width = photo.image.width;
        photo.jpeg_height = photo.image.height;
        photo.jpeg = std::move(jpeg);
        photo.mime_type = "image/jpeg";
        return photo;
    }

    void delete_after_download(std::uint32_t handle, const drivers::OperationContext& context)
    {
        try {
            session_.delete_object(handle, context);
        } catch (const ResponseFailure& failure) {
            // The photo is safe with us; a card the camera will not let us
            // clean (write-protected, busy) is retried before each capture
            // and counted in capabilities().
            if (failure.code() == ResponseCode::session_not_open)
                throw;
            leftovers_.insert(handle);
        }
    }

    // Events queued while nobody listened: an ObjectAdded from a capture
    // that was cancelled or timed out names a photo left on the card.
    void collect_stray_events()
    {
        for (const auto& event : session_.pending_events()) {
            if (event.code == EventCode::object_added && !event.params.empty())
                leftovers_.insert(event.params[0]);
        }
    }

    void delete_leftovers(const drivers::OperationContext& context)
    {
        for (auto it = leftovers_.begin(); it != leftovers_.end();) {
            try {
                session_.delete_object(*it, context);
                it = leftovers_.erase(it);
            } catch (const ResponseFailure& failure) {
                if (failure.code() == ResponseCode::invalid_object_handle) {
                    it = leftovers_.erase(it); // someone else deleted it
                } else if (failure.code() == ResponseCode::session_not_open) {
                    throw;
                } else {
                    ++it; // kept, counted in capabilities(), tried next time
                }
            }
        }
    }

    usb::SessionOptions options_;
    Session session_;
    DeviceInfo info_;
    std::optional<std::uint8_t> battery_percent_;
    std::size_t storage_count_ = 0;
    std::optional<std::uint32_t> free_images_;
    std::set<std::uint32_t> leftovers_; // photos of ours still on the card
};

const drivers::DriverRegistration registration{{
    .name = "ptp-camera",
    .device_class = drivers::DeviceClass::camera,
    .summary = "PTP (ISO 15740) still cameras over USB: colour JPEG portraits",
    .usb_ids = {kEmulatedCameraId},
    .reader_patterns = {},
    .create = [](drivers::DriverBinding binding) -> std::unique_ptr<drivers::Device> {
        return std::make_unique<PtpCamera>(std::move(binding.usb), parse_options(binding.options));
    },
}};

} // namespace
} // namespace ktpel::ptp
