// SPDX-License-Identifier: Apache-2.0
// An emulated KSP signature pad (docs/signature-pad.md): bulk OUT 0x01 for
// commands, bulk IN 0x82 for answers, interrupt IN 0x83 for pen, button and
// heartbeat reports. While capturing, a synthetic applicant signs on it in
// real time (sim/synthetic_signature), scaled by time_scale, then
// presses OK; the pad shows the ink until it is cleared. It misbehaves on
// request (sim.inject).
#pragma once

#include <chrono>
#include <optional>
#include <thread>
#include <variant>

#include "drivers/classes/signature_pad.hpp"
#include "ksp_device_wire.hpp"
#include "sim/synthetic_signature/signature_rendition.hpp"
#include "usb_device_emulator.hpp"

namespace ktpel::sim {

struct SignaturePadEmulatorSettings
{
    std::string manufacturer = "Ktpel Sim";
    std::string model = "KSP Signature Pad (emulated)";
    std::string serial = "SIM-SIG-0001";
    std::string firmware = "1.0.0";
    // A 96 x 60 mm surface at 2540 lpi (100 units per mm), 1024 pressure
    // levels, 200 reports per second, a 320 x 200 screen: the common class
    // of LCD signature pads.
    std::uint16_t width_units = 9600;
    std::uint16_t height_units = 6000;
    std::uint32_t units_per_metre = 100000;
    std::uint16_t max_pressure = 1023;
    std::uint16_t report_rate_hz = 200;
    std::uint16_t screen_width = 320;
    std::uint16_t screen_height = 200;
    std::uint64_t person = 1; // the synthetic applicant holding the pen
    // Wall-clock time per unit of pad time: 1 is real time, 0.05 plays a
    // 3 s signature in 150 ms. Reports carry pad time either way.
    double time_scale = 1.0;
    // Pad time from START_CAPTURE until the pen comes into range.
    std::chrono::milliseconds subject_delay{600};
    // Pad time from the pen leaving to the press of OK (looking it over).
    std::chrono::milliseconds review_pause{700};
};

class SignaturePadEmulator final : public UsbDeviceEmulator
{
public:
    static constexpr std::uint8_t kBulkOut = 0x01;
    static constexpr std::uint8_t kBulkIn = 0x82;
    static constexpr std::uint8_t kInterruptIn = 0x83;

    explicit SignaturePadEmulator(SignaturePadEmulatorSettings settings);
    ~SignaturePadEmulator() override;

    usb::DeviceDescription description() const override;
    void receive(std::uint8_t endpoint, std::span<const std::uint8_t> data) override;
    void inject(const std::string& fault, const nlohmann::json& args) override;
    std::vector<std::string> faults() const override;

    const SignaturePadEmulatorSettings& settings() const noexcept { return settings_; }

    // For tests: the ground truth.
    // Renditions performed so far (the impression number of the last one).
    std::uint64_t impressions() const;
    // The strokes of the attempt drawn last, as sent (pad units and time).
    std::vector<drivers::PenStroke> last_drawn_strokes() const;
    // Down samples on the screen now (cleared by CLEAR_SCREEN and START).
    std::size_t screen_ink_points() const;
    bool capturing() const;

private:
    // One thing the applicant does, at a pad time.
    struct Step
    {
        std::uint32_t at_ms = 0;
        std::variant<ksp_wire::Pen, ksp_wire::Button> action;
    };
    struct Script
    {
        std::vector<Step> steps;
        // Steps from this index on are never sent: the pad froze (hang).
        std::optional<std::size_t> freeze_at;
    };

    void on_power_cycle() override;
    void handle(const ksp_wire::CommandFrame& command);
    // The answer to one command, as a whole frame.
    std::vector<std::uint8_t> execute(const ksp_wire::CommandFrame& command);
    Script script_for_capture();
    // Appends one rendition's pen reports starting at pad time `start_ms`;
    // returns the pad time of the last.
    std::uint32_t add_rendition(Script& script, const signature::Rendition& rendition,
                                std::uint32_t start_ms, bool ground_truth);
    signature::Rendition perform_next(double slowness);
    // Sends one report of the capture, numbered in turn.
    void send_pen(const ksp_wire::Pen& pen, std::uint32_t at_ms);
    void send_button(ksp_wire::Button button, std::uint32_t at_ms);
    void send_heartbeat(std::uint32_t at_ms);

    void run(std::stop_token stop);
    void play(std::unique_lock<std::mutex>& lock, std::stop_token stop);

    const SignaturePadEmulatorSettings settings_;
    const signature::SignatureStyle style_;

    mutable std::mutex mutex_;
    std::condition_variable_any wake_;
    ksp_wire::CommandStream commands_;
    // Bumped by every START, STOP and power cycle: the player abandons a
    // script whose generation is gone.
    std::uint64_t generation_ = 0;
    bool capturing_ = false;
    bool hover_reports_ = true;
    std::optional<Script> pending_script_;
    std::chrono::steady_clock::time_point capture_started_{};
    std::uint16_t sequence_ = 0;
    std::uint64_t impressions_ = 0;
    std::vector<drivers::PenStroke> last_drawn_;
    std::size_t screen_ink_ = 0;
    // Faults: one-shot ones until used, the rest until "clear".
    bool fault_stall_once_ = false;
    bool fault_sensor_once_ = false;
    bool fault_hang_once_ = false;
    bool fault_cancel_once_ = false;
    bool fault_clear_once_ = false;
    bool fault_pen_lift_once_ = false;
    bool fault_no_subject_ = false;
    bool fault_no_ok_ = false;
    double slowness_ = 1.0;
    std::chrono::milliseconds subject_delay_;

    std::jthread player_; // last: starts after everything it uses exists
};

// The pen sample a KSP pad reports for a rendition sample drawn from pad
// time `start_ms` on: millimetres to units (rounded), force to pressure.
drivers::PenSample pad_sample_of(const signature::PenSample& sample,
                                 const SignaturePadEmulatorSettings& settings,
                                 std::uint32_t start_ms);

} // namespace ktpel::sim
