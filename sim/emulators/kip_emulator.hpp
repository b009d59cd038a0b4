// SPDX-License-Identifier: Apache-2.0
// An emulated KIP imaging device (slap scanner, dual iris scanner or
// camera). It parses the host's frames, keeps its own state, streams
// synthetic images, and misbehaves on request (sim.inject).
#pragma once

#include <atomic>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "common/raster_image.hpp"
#include "kip_device_wire.hpp"
#include "sim/synthetic_fingerprint/skin_condition.hpp"
#include "sim/synthetic_iris/impression_options.hpp"
#include "usb_device_emulator.hpp"

namespace ktpel::sim {

struct KipEmulatorSettings
{
    kip_wire::Modality modality = kip_wire::Modality::fingerprint_slap;
    std::uint16_t product_id = 0x0f01;
    std::uint16_t width = 1600; // 3.2 in at 500 ppi: a four-finger slap platen
    std::uint16_t height = 1500;
    std::uint16_t ppi = 500;
    std::string manufacturer = "Ktpel Sim";
    std::string model = "KIP Slap Scanner";
    std::string serial = "SIM-FP-0001";
    std::string firmware = "1.0.0";
    std::uint64_t person = 1;                     // the synthetic applicant in front of the device
    std::chrono::milliseconds subject_delay{300}; // until the finger/eye/face is in place
    // Live streams: one frame per interval at most; the first
    // `settling_frames` show the subject still arriving (a finger landing,
    // an eye coming into focus).
    std::chrono::milliseconds frame_interval{150};
    int settling_frames = 2;
};

// The synthetic applicant in front of the device, as sim.inject steers it.
struct EmulatedApplicant
{
    std::uint64_t person = 1;
    std::set<int> missing_fingers; // ISO/IEC 19794-2 codes of fingers the applicant lacks
    sim::fingerprint::SkinCondition skin = sim::fingerprint::SkinCondition::Normal;
    std::map<int, sim::fingerprint::SkinCondition> finger_skin; // by ISO code
    bool wrong_hand_once = false;                               // next slap: the other hand
    int wrong_finger_once = 0; // next single finger: this ISO code, whichever was asked for
    iris::EyePresence right_eye = iris::EyePresence::open;
    iris::EyePresence left_eye = iris::EyePresence::open;
    double eye_blur_sigma = 0.0; // poor iris quality: defocus in pixels
};

class KipEmulator final : public UsbDeviceEmulator
{
public:
    explicit KipEmulator(KipEmulatorSettings settings);
    ~KipEmulator() override;

    usb::DeviceDescription description() const override;
    void receive(std::uint8_t endpoint, std::span<const std::uint8_t> data) override;
    void inject(const std::string& fault, const nlohmann::json& args) override;
    std::vector<std::string> faults() const override;

private:
    struct CaptureJob
    {
        std::uint8_t sequence;
        kip_wire::CaptureArguments arguments;
        std::chrono::milliseconds timeout;
    };

    void on_power_cycle() override;
    void handle(const kip_wire::CommandFrame& command);
    void reply(kip_wire::Message message, std::uint8_t sequence,
               std::span<const std::uint8_t> payload = {});
    // The last frame of a capture: marks the device idle, then sends it.
    void finish(kip_wire::Message message, std::uint8_t sequence,
                std::span<const std::uint8_t> payload);
    void run(std::stop_token stop);
    void perform(const CaptureJob& job, std::stop_token stop);
    void stream_frames(const CaptureJob& job, std::uint64_t impression, bool stall, bool hang,
                       std::stop_token stop);
    // Sends one image set; false when the capture ended on the way (abort,
    // stall, hang). `last` marks the end of a one-shot capture.
    bool send_images(const CaptureJob& job, const std::vector<drivers::RasterImage>& images,
                     bool stall, bool hang, bool last, std::stop_token stop);
    // render() on a thread of its own, with the `capturing` heartbeat sent
    // every kHeartbeat until the frame is drawn.
    std::vector<drivers::RasterImage> render_with_heartbeat(const CaptureJob& job,
                                                            std::uint64_t impression, int settling,
                                                            const EmulatedApplicant& applicant,
                                                            std::stop_token stop);
    // `settling`: frames left before the subject is still (0 when settled).
    std::vector<drivers::RasterImage> render(const kip_wire::CaptureArguments& asked,
                                             std::uint64_t impression, int settling,
                                             const EmulatedApplicant& applicant) const;
    std::vector<drivers::RasterImage> render_slap(const kip_wire::CaptureArguments& asked,
                                                  std::uint64_t impression, int settling,
                                                  const EmulatedApplicant& applicant) const;
    std::vector<drivers::RasterImage> render_eyes(std::uint64_t impression, int settling,
                                                  const EmulatedApplicant& applicant) const;
    void inject_applicant(const std::string& fault, const nlohmann::json& args);
    // Sleeps, returning false early if the capture was aborted or the
    // emulator is stopping.
    bool pause(std::chrono::milliseconds duration, std::stop_token stop);

    const KipEmulatorSettings settings_;
    kip_wire::CommandStream commands_;

    std::mutex mutex_;
    std::condition_variable_any wake_;
    std::optional<CaptureJob> pending_;
    bool capturing_ = false;
    bool abort_ = false;
    // Faults (sim.inject). Persistent ones last until "clear", one-shot
    // ones until the next capture has used them.
    bool fault_no_subject_ = false;
    bool fault_stall_once_ = false;
    bool fault_hang_once_ = false;
    bool fault_timeout_once_ = false;
    std::chrono::milliseconds subject_delay_;
    std::uint64_t impressions_ = 0;
    EmulatedApplicant applicant_;

    std::jthread worker_; // last: starts after everything it uses exists
};

} // namespace ktpel::sim
