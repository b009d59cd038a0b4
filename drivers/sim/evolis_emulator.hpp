// SPDX-License-Identifier: Apache-2.0
// An emulated Evolis-compatible card printer: parses escape commands on
// its bulk OUT endpoint and answers on bulk IN. Identification and status
// for now; the printing command set comes with the card printing issue.
#pragma once

#include "usb_device_emulator.hpp"

namespace ktpel::sim {

struct EvolisEmulatorSettings
{
    std::string model = "Evolis Primacy 2 (emulated)";
    std::string serial = "SIM-PR-0001";
    std::string firmware = "1.2.0";
    int ribbon_panels = 250;
    int cards_in_hopper = 100;
};

class EvolisEmulator final : public UsbDeviceEmulator
{
public:
    explicit EvolisEmulator(EvolisEmulatorSettings settings);

    usb::DeviceDescription description() const override;
    void receive(std::uint8_t endpoint, std::span<const std::uint8_t> data) override;
    void inject(const std::string& fault, const nlohmann::json& args) override;
    std::vector<std::string> faults() const override;

private:
    std::string answer(const std::string& command);
    std::string condition() const;

    const EvolisEmulatorSettings settings_;
    std::mutex mutex_;
    std::string pending_; // bytes of a command not yet ended by CR
    bool cover_open_ = false;
    bool jammed_ = false;
    bool hung_ = false;
    int ribbon_panels_;
    int cards_in_hopper_;
};

} // namespace ktpel::sim
