// SPDX-License-Identifier: Apache-2.0
#include "ptp_camera_emulator.hpp"

#include <algorithm>
#include <array>

#include "drivers/ptp/ptp_usb_ids.hpp"
#include "synthetic_portrait.hpp"

namespace ktpel::sim {
namespace {

using ptp::Container;
using ptp::ContainerType;
using ptp::EventCode;
using ptp::OperationCode;
using ptp::ResponseCode;

// One queued IN packet is one transfer's worth for the emulated bus:
// 16 KiB, i.e. 32 high-speed bulk packets of 512 bytes.
constexpr std::size_t kChunk = 16 * 1024;
constexpr std::size_t kMaxPacketSize = 512;

constexpr std::array<OperationCode, 13> kOperations{
    OperationCode::get_device_info,    OperationCode::open_session,
    OperationCode::close_session,      OperationCode::get_storage_ids,
    OperationCode::get_storage_info,   OperationCode::get_num_objects,
    OperationCode::get_object_handles, OperationCode::get_object_info,
    OperationCode::get_object,         OperationCode::delete_object,
    OperationCode::initiate_capture,   OperationCode::get_device_prop_value,
    OperationCode::power_down,
};

std::uint32_t param(const Container& command, std::size_t index)
{
    return index < command.params.size() ? command.params[index] : 0;
}

} // namespace

PtpCameraEmulator::PtpCameraEmulator(PtpCameraEmulatorSettings settings)
    : settings_(std::move(settings)), battery_percent_(settings_.battery_percent),
      capture_delay_(settings_.capture_delay),
      capture_worker_([this](std::stop_token stop) { run_captures(stop); }),
      download_worker_([this](std::stop_token stop) { run_downloads(stop); })
{
}

PtpCameraEmulator::~PtpCameraEmulator()
{
    capture_worker_.request_stop();
    download_worker_.request_stop();
    wake_.notify_all();
}

usb::DeviceDescription PtpCameraEmulator::description() const
{
    usb::DeviceDescription description;
    description.vendor_id = ptp::kEmulatedCameraId.vendor_id;
    description.product_id = ptp::kEmulatedCameraId.product_id;
    description.manufacturer = settings_.manufacturer;
    description.product = settings_.model;
    description.serial = settings_.serial;
    return description;
}

std::vector<std::string> PtpCameraEmulator::faults() const
{
    return {"unplug",  "replug",       "stall",         "hang", "timeout",
            "busy",    "no_subject",   "poor_exposure", "blur", "capture_delay",
            "battery", "drop_session", "clear"};
}

void PtpCameraEmulator::inject(const std::string& fault, const nlohmann::json& args)
{
    const auto integer_arg = [&](const char* name, std::int64_t low, std::int64_t high,
                                 std::int64_t fallback) {
        const auto it = args.find(name);
        if (it == args.end())
            return fallback;
        if (!it->is_number_integer() || it->get<std::int64_t>() < low ||
            it->get<std::int64_t>() > high)
            throw UnknownFault(fault + " needs \"" + name + "\": an integer from " +
                               std::to_string(low) + " to " + std::to_string(high));
        return it->get<std::int64_t>();
    };
    std::lock_guard lock(mutex_);
    if (fault == "stall") {
        fault_stall_once_ = true;
    } else if (fault == "hang") {
        fault_hang_once_ = true;
    } else if (fault == "timeout") {
        fault_timeout_once_ = true;
    } else if (fault == "busy") {
        fault_busy_ = true;
    } else if (fault == "no_subject") {
        fault_no_subject_ = true;
    } else if (fault == "poor_exposure") {
        const auto direction = args.value("direction", std::string("over"));
        if (direction == "over")
            exposure_gain_ = 2.2;
        else if (direction == "under")
            exposure_gain_ = 0.22;
        else
            throw UnknownFault("poor_exposure takes \"direction\": \"over\" or \"under\"");
    } else if (fault == "blur") {
        blur_radius_ = static_cast<int>(integer_arg("radius", 1, 64, 9));
    } else if (fault == "capture_delay") {
        if (!args.contains("ms"))
            throw UnknownFault("capture_delay needs \"ms\"");
        capture_delay_ = std::chrono::milliseconds{integer_arg("ms", 0, 600000, 0)};
    } else if (fault == "battery") {
        if (!args.contains("percent"))
            throw UnknownFault("battery needs \"percent\"");
        battery_percent_ = static_cast<std::uint8_t>(integer_arg("percent", 0, 100, 0));
    } else if (fault == "drop_session") {
        // The camera slept and woke without a USB reset: the host's
        // session is gone and it is told so by Session_Not_Open.
        session_id_ = 0;
    } else if (fault == "clear") {
        fault_stall_once_ = fault_hang_once_ = fault_timeout_once_ = false;
        fault_busy_ = fault_no_subject_ = false;
        exposure_gain_ = 1.0;
        blur_radius_ = 0;
        capture_delay_ = settings_.capture_delay;
        battery_percent_ = settings_.battery_percent;
    } else {
        throw UnknownFault("unknown fault \"" + fault + "\"");
    }
}

std::size_t PtpCameraEmulator::object_count() const
{
    std::lock_guard lock(mutex_);
    return objects_.size();
}

bool PtpCameraEmulator::session_open() const
{
    std::lock_guard lock(mutex_);
    return session_id_ != 0;
}

void PtpCameraEmulator::on_power_cycle()
{
    std::unique_lock lock(mutex_);
    // What a power cycle forgets; the card keeps its photos.
    reader_.reset();
    session_id_ = 0;
    expected_transaction_ = 0;
    pending_capture_.reset();
    capturing_ = false;
    ++power_cycles_;
    abort_download(lock);
}

void PtpCameraEmulator::abort_download(std::unique_lock<std::mutex>& lock)
{
    pending_download_.reset();
    if (downloading_) {
        abort_download_ = true;
        wake_.notify_all();
        wake_.wait(lock, [&] { return !downloading_; });
        abort_download_ = false;
    }
    discard_queued_packets();
}

void PtpCameraEmulator::receive(std::uint8_t /*endpoint*/, std::span<const std::uint8_t> data)
{
    std::vector<Container> containers;
    {
        std::lock_guard lock(mutex_);
        try {
            reader_.feed(data);
            while (auto container = reader_.next())
                containers.push_back(std::move(*container));
        } catch (const ptp::ContainerError&) {
            // What a real device does with garbage on its command pipe:
            // halt, until the host clears it and resynchronises.
            reader_.reset();
            halt_in_endpoint();
            return;
        }
    }
    for (const auto& container : containers) {
        if (container.type == ContainerType::command)
            handle(container);
        else if (container.type != ContainerType::data) // data for a refused operation: dropped
            halt_in_endpoint();
    }
}

void PtpCameraEmulator::handle(const Container& command)
{
    std::unique_lock lock(mutex_);
    // A new command means the host gave up on any data phase still going.
    abort_download(lock);
    if (auto response = execute(command))
        queue_packet(ptp::encode(*response));
}

Container PtpCameraEmulator::respond(const Container& command, ResponseCode code,
                                     std::vector<std::uint32_t> params) const
{
    return {ContainerType::response,
            static_cast<std::uint16_t>(code),
            command.transaction_id,
            std::move(params),
            {}};
}

void PtpCameraEmulator::send_data(const Container& command, std::vector<std::uint8_t> payload)
{
    queue_packet(ptp::encode(Container{
        ContainerType::data, command.code, command.transaction_id, {}, std::move(payload)}));
}

void PtpCameraEmulator::send_event(EventCode code, std::uint32_t transaction_id,
                                   std::vector<std::uint32_t> params)
{
    queue_interrupt_packet(ptp::encode(Container{ContainerType::event,
                                                 static_cast<std::uint16_t>(code),
                                                 transaction_id,
                                                 std::move(params),
                                                 {}}));
}

ptp::DeviceInfo PtpCameraEmulator::device_info() const
{
    ptp::DeviceInfo info;
    info.vendor_extension_desc = "";
    for (const auto operation : kOperations)
        info.operations_supported.push_back(static_cast<std::uint16_t>(operation));
    info.events_supported = {static_cast<std::uint16_t>(EventCode::object_added),
                             static_cast<std::uint16_t>(EventCode::capture_complete),
                             static_cast<std::uint16_t>(EventCode::store_full)};
    info.device_properties_supported = {
        static_cast<std::uint16_t>(ptp::DevicePropCode::battery_level)};
    info.capture_formats = {static_cast<std::uint16_t>(ptp::ObjectFormat::exif_jpeg)};
    info.image_formats = {static_cast<std::uint16_t>(ptp::ObjectFormat::exif_jpeg)};
    info.manufacturer = settings_.manufacturer;
    info.model = settings_.model;
    info.device_version = settings_.firmware;
    info.serial_number = settings_.serial;
    return info;
}

std::optional<Container> PtpCameraEmulator::execute(const Container& command)
{
    const auto operation = static_cast<OperationCode>(command.code);
    if (operation == OperationCode::get_device_info && session_id_ == 0) {
        // Allowed outside a session too (ISO 15740 10.5.1), as transaction 0.
        send_data(command, ptp::encode(device_info()));
        return respond(command, ResponseCode::ok);
    }
    if (operation == OperationCode::open_session) {
        if (session_id_ != 0)
            return respond(command, ResponseCode::session_already_open, {session_id_});
        if (param(command, 0) == 0)
            return respond(command, ResponseCode::invalid_parameter);
        if (command.transaction_id != 0)
            return respond(command, ResponseCode::invalid_transaction_id);
        session_id_ = param(command, 0);
        expected_transaction_ = 1;
        return respond(command, ResponseCode::ok);
    }
    if (session_id_ == 0)
        return respond(command, ResponseCode::session_not_open);
    if (operation == OperationCode::close_session) {
        // Any transaction id: the way out for a host that lost count.
        session_id_ = 0;
        return respond(command, ResponseCode::ok);
    }
    if (command.transaction_id != expected_transaction_)
        return respond(command, ResponseCode::invalid_transaction_id);
    ++expected_transaction_;

    switch (operation) {
    case OperationCode::get_device_info:
        send_data(command, ptp::encode(device_info()));
        return respond(command, ResponseCode::ok);
    case OperationCode::get_storage_ids:
        send_data(command, ptp::DataWriter{}.u32_array(std::array{kStorageId}).take());
        return respond(command, ResponseCode::ok);
    case OperationCode::get_storage_info: {
        if (param(command, 0) != kStorageId)
            return respond(command, ResponseCode::invalid_storage_id);
        constexpr std::uint64_t capacity = 32ull * 1000 * 1000 * 1000;
        std::uint64_t used = 0;
        for (const auto& [handle, object] : objects_)
            used += object.data->size();
        ptp::StorageInfo info;
        info.max_capacity = capacity;
        info.free_space_in_bytes = capacity - used;
        info.free_space_in_images = static_cast<std::uint32_t>((capacity - used) / 600000);
        info.storage_description = "SD";
        info.volume_label = "KTPEL-SIM";
        send_data(command, ptp::encode(info));
        return respond(command, ResponseCode::ok);
    }
    case OperationCode::get_num_objects:
    case OperationCode::get_object_handles: {
        const std::uint32_t storage = param(command, 0);
        const std::uint32_t format = param(command, 1);
        const std::uint32_t parent = param(command, 2);
        if (storage != kStorageId && storage != ptp::kAllStorages)
            return respond(command, ResponseCode::invalid_storage_id);
        if (parent != 0 && parent != ptp::kRootFolder)
            return respond(command, ResponseCode::invalid_parent_object);
        std::vector<std::uint32_t> handles;
        for (const auto& [handle, object] : objects_) {
            if (format == 0 || format == object.info.object_format)
                handles.push_back(handle);
        }
        if (operation == OperationCode::get_num_objects)
            return respond(command, ResponseCode::ok, {static_cast<std::uint32_t>(handles.size())});
        send_data(command, ptp::DataWriter{}.u32_array(handles).take());
        return respond(command, ResponseCode::ok);
    }
    case OperationCode::get_object_info: {
        const auto it = objects_.find(param(command, 0));
        if (it == objects_.end())
            return respond(command, ResponseCode::invalid_object_handle);
        send_data(command, ptp::encode(it->second.info));
        return respond(command, ResponseCode::ok);
    }
    case OperationCode::get_object: {
        const auto it = objects_.find(param(command, 0));
        if (it == objects_.end())
            return respond(command, ResponseCode::invalid_object_handle);
        pending_download_ = Download{command.transaction_id, it->second.data,
                                     std::exchange(fault_stall_once_, false),
                                     std::exchange(fault_hang_once_, false)};
        wake_.notify_all();
        return std::nullopt; // the download worker answers
    }
    case OperationCode::delete_object: {
        const std::uint32_t handle = param(command, 0);
        if (handle == 0xffffffff) {
            objects_.clear();
            return respond(command, ResponseCode::ok);
        }
        if (objects_.erase(handle) == 0)
            return respond(command, ResponseCode::invalid_object_handle);
        return respond(command, ResponseCode::ok);
    }
    case OperationCode::initiate_capture: {
        const std::uint32_t storage = param(command, 0);
        const std::uint32_t format = param(command, 1);
        if (storage != 0 && storage != kStorageId)
            return respond(command, ResponseCode::invalid_storage_id);
        if (format != 0 && format != static_cast<std::uint32_t>(ptp::ObjectFormat::exif_jpeg))
            return respond(command, ResponseCode::invalid_object_format_code);
        if (fault_busy_ || capturing_)
            return respond(command, ResponseCode::device_busy);
        capturing_ = true;
        pending_capture_ = command.transaction_id;
        wake_.notify_all();
        return respond(command, ResponseCode::ok);
    }
    case OperationCode::get_device_prop_value:
        if (param(command, 0) != static_cast<std::uint32_t>(ptp::DevicePropCode::battery_level))
            return respond(command, ResponseCode::device_prop_not_supported);
        send_data(command, {battery_percent_});
        return respond(command, ResponseCode::ok);
    case OperationCode::power_down:
        session_id_ = 0;
        return respond(command, ResponseCode::ok);
    default:
        return respond(command, ResponseCode::operation_not_supported);
    }
}

void PtpCameraEmulator::run_captures(std::stop_token stop)
{
    while (!stop.stop_requested()) {
        std::unique_lock lock(mutex_);
        if (!wake_.wait(lock, stop, [&] { return pending_capture_.has_value(); }))
            return;
        const std::uint32_t transaction_id = *pending_capture_;
        pending_capture_.reset();
        const std::uint64_t power_cycles = power_cycles_;
        const bool lose_events = std::exchange(fault_timeout_once_, false);
        PortraitScene scene;
        scene.person = settings_.person;
        scene.impression = ++impressions_;
        scene.subject_present = !fault_no_subject_;
        scene.exposure_gain = exposure_gain_;
        scene.blur_radius = blur_radius_;

        wake_.wait_for(lock, stop, capture_delay_, [&] { return power_cycles_ != power_cycles; });
        if (stop.stop_requested() || power_cycles_ != power_cycles)
            continue;
        if (lose_events) {
            // A camera that fired (or did not) and never told the host.
            capturing_ = false;
            continue;
        }
        lock.unlock();
        auto jpeg = std::make_shared<const std::vector<std::uint8_t>>(
            render_portrait_jpeg(settings_.width, settings_.height, scene, settings_.jpeg_quality));
        lock.lock();
        if (power_cycles_ != power_cycles)
            continue;
        const std::uint32_t handle = next_handle_++;
        StoredObject object;
        object.info.storage_id = kStorageId;
        object.info.object_format = static_cast<std::uint16_t>(ptp::ObjectFormat::exif_jpeg);
        object.info.object_compressed_size = static_cast<std::uint32_t>(jpeg->size());
        object.info.image_pix_width = settings_.width;
        object.info.image_pix_height = settings_.height;
        object.info.image_bit_depth = 24;
        object.info.sequence_number = static_cast<std::uint32_t>(scene.impression);
        object.info.filename = "KTP" + std::to_string(10000 + handle % 90000) + ".JPG";
        object.info.capture_date = "20240101T120000";
        object.info.modification_date = object.info.capture_date;
        object.data = std::move(jpeg);
        objects_.emplace(handle, std::move(object));
        // Idle before the host hears of it: a host that answers the event
        // with the next InitiateCapture must not be told the camera is busy.
        capturing_ = false;
        send_event(EventCode::object_added, transaction_id, {handle});
        send_event(EventCode::capture_complete, transaction_id);
    }
}

void PtpCameraEmulator::run_downloads(std::stop_token stop)
{
    while (!stop.stop_requested()) {
        Download download;
        {
            std::unique_lock lock(mutex_);
            if (!wake_.wait(lock, stop, [&] { return pending_download_.has_value(); }))
                return;
            download = std::move(*pending_download_);
            pending_download_.reset();
            downloading_ = true;
        }
        stream(download, stop);
        std::lock_guard lock(mutex_);
        downloading_ = false;
        wake_.notify_all();
    }
}

void PtpCameraEmulator::stream(const Download& download, std::stop_token stop)
{
    const auto& data = *download.data;
    const std::size_t total = ptp::kHeaderSize + data.size();
    const auto started = std::chrono::steady_clock::now();
    const auto code = static_cast<std::uint16_t>(OperationCode::get_object);
    std::size_t sent = 0; // payload bytes
    bool first = true;
    while (first || sent < data.size()) {
        std::unique_lock lock(mutex_);
        if (sent >= data.size() / 3 && (download.stall || download.hang)) {
            if (download.stall) {
                // The IN endpoint halts mid-object; what was queued is lost.
                discard_queued_packets();
                halt_in_endpoint();
                return;
            }
            // Hung: silent until the host sends something else or replugs.
            wake_.wait(lock, stop, [&] { return abort_download_; });
            return;
        }
        if (abort_download_)
            return;
        std::vector<std::uint8_t> packet;
        std::size_t room = kChunk;
        if (first) {
            packet = ptp::encode_data_header(code, download.transaction_id, data.size());
            room -= packet.size();
            first = false;
        }
        const std::size_t count = std::min(room, data.size() - sent);
        packet.insert(packet.end(), data.begin() + static_cast<std::ptrdiff_t>(sent),
                      data.begin() + static_cast<std::ptrdiff_t>(sent + count));
        sent += count;
        queue_packet(std::move(packet));
        // Keep to the pipe's throughput, so a download takes real time and
        // can be interrupted half-way.
        if (settings_.bytes_per_second > 0) {
            const auto due =
                started + std::chrono::microseconds((ptp::kHeaderSize + sent) * 1000000 /
                                                    settings_.bytes_per_second);
            wake_.wait_until(lock, stop, due, [&] { return abort_download_; });
            if (abort_download_ || stop.stop_requested())
                return;
        }
    }
    std::lock_guard lock(mutex_);
    if (abort_download_)
        return;
    // A data phase that fills its last packet exactly ends with a
    // zero-length packet.
    if (total % kMaxPacketSize == 0)
        queue_packet({});
    queue_packet(ptp::encode(Container{ContainerType::response,
                                       static_cast<std::uint16_t>(ResponseCode::ok),
                                       download.transaction_id,
                                       {},
                                       {}}));
}

} // namespace ktpel::sim
