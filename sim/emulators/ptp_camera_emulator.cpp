// SPDX-License-Identifier: Apache-2.0
#include "ptp_camera_emulator.hpp"

#include <algorithm>
#include <array>

#include "drivers/ptp/ptp_usb_ids.hpp"
#include "synthetic_portrait.hpp"

namespace ktpel::sim {
namespace {

using ptp_wire::Event;
using ptp_wire::Operation;
using ptp_wire::Response;

// One queued IN packet is one transfer's worth for the emulated bus:
// 16 KiB, i.e. 32 high-speed bulk packets of 512 bytes.
constexpr std::size_t kChunk = 16 * 1024;
constexpr std::size_t kMaxPacketSize = 512;

constexpr std::array<Operation, 13> kOperations{
    Operation::get_device_info,    Operation::open_session,     Operation::close_session,
    Operation::get_storage_ids,    Operation::get_storage_info, Operation::get_num_objects,
    Operation::get_object_handles, Operation::get_object_info,  Operation::get_object,
    Operation::delete_object,      Operation::initiate_capture, Operation::get_device_prop_value,
    Operation::power_down,
};

std::vector<std::uint8_t> respond(const ptp_wire::Command& command, Response code,
                                  std::span<const std::uint32_t> params = {})
{
    return ptp_wire::response(code, command.transaction_id, params);
}

std::vector<std::uint8_t> respond(const ptp_wire::Command& command, Response code,
                                  std::uint32_t param)
{
    return respond(command, code, std::array{param});
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
    commands_.clear();
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
    std::vector<ptp_wire::Command> commands;
    {
        std::lock_guard lock(mutex_);
        try {
            commands_.append(data);
            while (auto command = commands_.take())
                commands.push_back(std::move(*command));
        } catch (const ptp_wire::BadContainer&) {
            // What a real device does with garbage on its command pipe:
            // halt, until the host clears it and resynchronises.
            commands_.clear();
            halt_in_endpoint();
            return;
        }
    }
    for (const auto& command : commands)
        handle(command);
}

void PtpCameraEmulator::handle(const ptp_wire::Command& command)
{
    std::unique_lock lock(mutex_);
    // A new command means the host gave up on any data phase still going.
    abort_download(lock);
    if (auto response = execute(command))
        queue_packet(std::move(*response));
}

void PtpCameraEmulator::send_data(const ptp_wire::Command& command,
                                  std::span<const std::uint8_t> payload)
{
    queue_packet(ptp_wire::data(command.code, command.transaction_id, payload));
}

void PtpCameraEmulator::send_event(Event code, std::uint32_t transaction_id,
                                   std::span<const std::uint32_t> params)
{
    queue_interrupt_packet(ptp_wire::event(code, transaction_id, params));
}

ptp_wire::CameraDescription PtpCameraEmulator::description_of_camera() const
{
    ptp_wire::CameraDescription camera;
    for (const auto operation : kOperations)
        camera.operations.push_back(static_cast<std::uint16_t>(operation));
    camera.events = {static_cast<std::uint16_t>(Event::object_added),
                     static_cast<std::uint16_t>(Event::capture_complete),
                     static_cast<std::uint16_t>(Event::store_full)};
    camera.properties = {ptp_wire::kBatteryLevel};
    camera.formats = {ptp_wire::kExifJpeg};
    camera.manufacturer = settings_.manufacturer;
    camera.model = settings_.model;
    camera.firmware = settings_.firmware;
    camera.serial = settings_.serial;
    return camera;
}

std::optional<std::vector<std::uint8_t>>
PtpCameraEmulator::execute(const ptp_wire::Command& command)
{
    const auto operation = static_cast<Operation>(command.code);
    if (operation == Operation::get_device_info && session_id_ == 0) {
        // Allowed outside a session too (ISO 15740 10.5.1), as transaction 0.
        send_data(command, ptp_wire::device_info(description_of_camera()));
        return respond(command, Response::ok);
    }
    if (operation == Operation::open_session) {
        if (session_id_ != 0)
            return respond(command, Response::session_already_open, session_id_);
        if (command.param(0) == 0)
            return respond(command, Response::invalid_parameter);
        if (command.transaction_id != 0)
            return respond(command, Response::invalid_transaction_id);
        session_id_ = command.param(0);
        expected_transaction_ = 1;
        return respond(command, Response::ok);
    }
    if (session_id_ == 0)
        return respond(command, Response::session_not_open);
    if (operation == Operation::close_session) {
        // Any transaction id: the way out for a host that lost count.
        session_id_ = 0;
        return respond(command, Response::ok);
    }
    if (command.transaction_id != expected_transaction_)
        return respond(command, Response::invalid_transaction_id);
    ++expected_transaction_;

    switch (operation) {
    case Operation::get_device_info:
        send_data(command, ptp_wire::device_info(description_of_camera()));
        return respond(command, Response::ok);
    case Operation::get_storage_ids:
        send_data(command, ptp_wire::DataSetWriter{}.u32_list(std::array{kStorageId}).take());
        return respond(command, Response::ok);
    case Operation::get_storage_info: {
        if (command.param(0) != kStorageId)
            return respond(command, Response::invalid_storage_id);
        constexpr std::uint64_t capacity = 32ull * 1000 * 1000 * 1000;
        std::uint64_t used = 0;
        for (const auto& [handle, object] : objects_)
            used += object.data->size();
        ptp_wire::CardStorage card;
        card.capacity_bytes = capacity;
        card.free_bytes = capacity - used;
        card.free_images = static_cast<std::uint32_t>((capacity - used) / 600000);
        card.description = "SD";
        card.label = "KTPEL-SIM";
        send_data(command, ptp_wire::storage_info(card));
        return respond(command, Response::ok);
    }
    case Operation::get_num_objects:
    case Operation::get_object_handles: {
        const std::uint32_t storage = command.param(0);
        const std::uint32_t format = command.param(1);
        const std::uint32_t parent = command.param(2);
        if (storage != kStorageId && storage != ptp_wire::kEverything)
            return respond(command, Response::invalid_storage_id);
        if (parent != 0 && parent != ptp_wire::kEverything)
            return respond(command, Response::invalid_parent_object);
        std::vector<std::uint32_t> handles;
        for (const auto& [handle, object] : objects_) {
            if (format == 0 || format == object.info.format)
                handles.push_back(handle);
        }
        if (operation == Operation::get_num_objects)
            return respond(command, Response::ok, static_cast<std::uint32_t>(handles.size()));
        send_data(command, ptp_wire::DataSetWriter{}.u32_list(handles).take());
        return respond(command, Response::ok);
    }
    case Operation::get_object_info: {
        const auto it = objects_.find(command.param(0));
        if (it == objects_.end())
            return respond(command, Response::invalid_object_handle);
        send_data(command, ptp_wire::object_info(it->second.info));
        return respond(command, Response::ok);
    }
    case Operation::get_object: {
        const auto it = objects_.find(command.param(0));
        if (it == objects_.end())
            return respond(command, Response::invalid_object_handle);
        pending_download_ = Download{command.transaction_id, it->second.data,
                                     std::exchange(fault_stall_once_, false),
                                     std::exchange(fault_hang_once_, false)};
        wake_.notify_all();
        return std::nullopt; // the download worker answers
    }
    case Operation::delete_object: {
        const std::uint32_t handle = command.param(0);
        if (handle == 0xffffffff) {
            objects_.clear();
            return respond(command, Response::ok);
        }
        if (objects_.erase(handle) == 0)
            return respond(command, Response::invalid_object_handle);
        return respond(command, Response::ok);
    }
    case Operation::initiate_capture: {
        const std::uint32_t storage = command.param(0);
        const std::uint32_t format = command.param(1);
        if (storage != 0 && storage != kStorageId)
            return respond(command, Response::invalid_storage_id);
        if (format != 0 && format != ptp_wire::kExifJpeg)
            return respond(command, Response::invalid_object_format_code);
        if (fault_busy_ || capturing_)
            return respond(command, Response::device_busy);
        capturing_ = true;
        pending_capture_ = command.transaction_id;
        wake_.notify_all();
        return respond(command, Response::ok);
    }
    case Operation::get_device_prop_value:
        if (command.param(0) != ptp_wire::kBatteryLevel)
            return respond(command, Response::device_prop_not_supported);
        send_data(command, std::array{battery_percent_});
        return respond(command, Response::ok);
    case Operation::power_down:
        session_id_ = 0;
        return respond(command, Response::ok);
    default:
        return respond(command, Response::operation_not_supported);
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
        object.info.format = ptp_wire::kExifJpeg;
        object.info.size_bytes = static_cast<std::uint32_t>(jpeg->size());
        object.info.width = settings_.width;
        object.info.height = settings_.height;
        object.info.bit_depth = 24;
        object.info.sequence_number = static_cast<std::uint32_t>(scene.impression);
        object.info.filename = "KTP" + std::to_string(10000 + handle % 90000) + ".JPG";
        object.info.taken_at = "20240101T120000";
        object.data = std::move(jpeg);
        objects_.emplace(handle, std::move(object));
        // Idle before the host hears of it: a host that answers the event
        // with the next InitiateCapture must not be told the camera is busy.
        capturing_ = false;
        send_event(Event::object_added, transaction_id, std::array{handle});
        send_event(Event::capture_complete, transaction_id);
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
    const std::size_t total = ptp_wire::kContainerHeadSize + data.size();
    const auto started = std::chrono::steady_clock::now();
    const auto code = static_cast<std::uint16_t>(Operation::get_object);
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
            packet = ptp_wire::data_head(code, download.transaction_id, data.size());
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
                started + std::chrono::microseconds((ptp_wire::kContainerHeadSize + sent) *
                                                    1000000 / settings_.bytes_per_second);
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
    queue_packet(ptp_wire::response(Response::ok, download.transaction_id));
}

} // namespace ktpel::sim
