// SPDX-License-Identifier: Apache-2.0
// An emulated PTP (ISO 15740) still camera on a USB Still Image interface:
// bulk OUT 0x01 for commands, bulk IN 0x82 for data and responses,
// interrupt IN 0x83 for events. It keeps a session, checks transaction
// ids, stores the photos it takes on an emulated card until the host
// deletes them, streams large objects over many packets at USB 2 speed,
// and misbehaves on request (sim.inject; docs/drivers/ptp.md).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <thread>

#include "ptp_device_wire.hpp"
#include "usb_device_emulator.hpp"

namespace ktpel::sim {

struct PtpCameraEmulatorSettings
{
    std::string manufacturer = "Ktpel Sim";
    std::string model = "PTP Portrait Camera (emulated)";
    std::string serial = "SIM-CAM-0001";
    std::string firmware = "1.0.0";
    std::uint32_t width = 1200; // 3:4 portrait, as the camera is mounted
    std::uint32_t height = 1600;
    int jpeg_quality = 90;
    std::uint64_t person = 1; // the synthetic applicant in front of the lens
    // From InitiateCapture to the photo on the card (focus, shutter, write).
    std::chrono::milliseconds capture_delay{300};
    // Bulk IN throughput of a data phase; a USB 2 camera manages ~24 MB/s.
    std::size_t bytes_per_second = 24 * 1000 * 1000;
    std::uint8_t battery_percent = 85;
};

class PtpCameraEmulator final : public UsbDeviceEmulator
{
public:
    static constexpr std::uint8_t kBulkOut = 0x01;
    static constexpr std::uint8_t kBulkIn = 0x82;
    static constexpr std::uint8_t kInterruptIn = 0x83;
    static constexpr std::uint32_t kStorageId = 0x00010001;

    explicit PtpCameraEmulator(PtpCameraEmulatorSettings settings);
    ~PtpCameraEmulator() override;

    usb::DeviceDescription description() const override;
    void receive(std::uint8_t endpoint, std::span<const std::uint8_t> data) override;
    void inject(const std::string& fault, const nlohmann::json& args) override;
    std::vector<std::string> faults() const override;

    // For tests: what is on the emulated card, and the session state.
    std::size_t object_count() const;
    bool session_open() const;

private:
    struct StoredObject
    {
        ptp_wire::Photo info;
        std::shared_ptr<const std::vector<std::uint8_t>> data;
    };
    struct Download
    {
        std::uint32_t transaction_id;
        std::shared_ptr<const std::vector<std::uint8_t>> data;
        bool stall;
        bool hang;
    };

    void on_power_cycle() override;
    void handle(const ptp_wire::Command& command);
    // Decides the response container to one command; returns nothing when
    // the operation answers later (GetObject's streamed data phase).
    std::optional<std::vector<std::uint8_t>> execute(const ptp_wire::Command& command);
    void send_data(const ptp_wire::Command& command, std::span<const std::uint8_t> payload);
    void send_event(ptp_wire::Event code, std::uint32_t transaction_id,
                    std::span<const std::uint32_t> params = {});
    ptp_wire::CameraDescription description_of_camera() const;
    // Stops a data phase in progress (the host moved on) and waits until
    // the streamer has let go of the IN pipe.
    void abort_download(std::unique_lock<std::mutex>& lock);

    void run_captures(std::stop_token stop);
    void run_downloads(std::stop_token stop);
    void stream(const Download& download, std::stop_token stop);

    const PtpCameraEmulatorSettings settings_;

    mutable std::mutex mutex_;
    std::condition_variable_any wake_;
    ptp_wire::CommandStream commands_;
    std::uint32_t session_id_ = 0; // 0: no session
    std::uint32_t expected_transaction_ = 0;
    std::map<std::uint32_t, StoredObject> objects_;
    std::uint32_t next_handle_ = 1;
    std::uint64_t impressions_ = 0;
    std::uint64_t power_cycles_ = 0;               // work started before a power cycle is dropped
    std::optional<std::uint32_t> pending_capture_; // its transaction id
    bool capturing_ = false;
    std::optional<Download> pending_download_;
    bool downloading_ = false;
    bool abort_download_ = false;
    std::uint8_t battery_percent_;
    // Faults (sim.inject): one-shot ones until used, the rest until "clear".
    bool fault_stall_once_ = false;
    bool fault_hang_once_ = false;
    bool fault_timeout_once_ = false;
    bool fault_busy_ = false;
    bool fault_no_subject_ = false;
    double exposure_gain_ = 1.0;
    int blur_radius_ = 0;
    std::chrono::milliseconds capture_delay_;

    std::jthread capture_worker_; // last: start after everything they use exists
    std::jthread download_worker_;
};

} // namespace ktpel::sim
