// SPDX-License-Identifier: Apache-2.0
#include "simulated_station.hpp"

#include "device_manager.hpp"
#include "drivers/kip/kip_usb_ids.hpp"
#include "drivers/sim/evolis_emulator.hpp"
#include "drivers/sim/kip_emulator.hpp"
#include "drivers/sim/ptp_camera_emulator.hpp"
#include "drivers/sim/signature_pad_emulator.hpp"

namespace ktpel::daemon {
namespace {

std::shared_ptr<sim::UsbDeviceEmulator> make_emulator(const config::UsbEmulatorConfig& config)
{
    if (config.emulator == "evolis") {
        sim::EvolisEmulatorSettings settings;
        settings.serial = config.serial;
        return std::make_shared<sim::EvolisEmulator>(settings);
    }
    if (config.emulator == "ptp-camera") {
        sim::PtpCameraEmulatorSettings settings;
        settings.serial = config.serial;
        settings.person = config.person;
        settings.capture_delay = std::chrono::milliseconds{config.subject_delay_ms};
        return std::make_shared<sim::PtpCameraEmulator>(settings);
    }
    if (config.emulator == "ksp-signature-pad") {
        sim::SignaturePadEmulatorSettings settings;
        settings.serial = config.serial;
        settings.person = config.person;
        settings.subject_delay = std::chrono::milliseconds{config.subject_delay_ms};
        return std::make_shared<sim::SignaturePadEmulator>(settings);
    }
    sim::KipEmulatorSettings settings;
    settings.serial = config.serial;
    settings.person = config.person;
    settings.subject_delay = std::chrono::milliseconds{config.subject_delay_ms};
    if (config.emulator == "kip-iris") {
        settings.modality = kip::Modality::iris_dual;
        settings.product_id = kip::kIrisScannerId.product_id;
        settings.model = "KIP Dual Iris Scanner";
        settings.width = 640;
        settings.height = 480;
        settings.ppi = 0;
    } else if (config.emulator == "kip-camera") {
        settings.modality = kip::Modality::face;
        settings.product_id = kip::kCameraId.product_id;
        settings.model = "KIP Portrait Camera";
        settings.width = 600;
        settings.height = 800;
        settings.ppi = 0;
    }
    return std::make_shared<sim::KipEmulator>(settings);
}

} // namespace

SimulatedStation::SimulatedStation(const config::StationConfig& config)
{
    for (const auto& emulator : config.usb_emulators)
        usb_.attach(emulator.location, make_emulator(emulator));
    for (const auto& reader : config.reader_emulators)
        readers_.add_reader(reader.name, reader.card_present ? std::optional(sim::make_blank_card())
                                                             : std::nullopt);
}

std::vector<std::string> SimulatedStation::faults_at(const std::string& location) const
{
    if (const auto emulator = usb_.emulator_at(location))
        return emulator->faults();
    if (readers_.has_reader(location))
        return {"unplug", "replug", "card_removed", "card_inserted"};
    return {};
}

nlohmann::json SimulatedStation::inject(DeviceManager& manager, const std::string& location,
                                        const std::string& fault, const nlohmann::json& args)
{
    const auto unknown = [&](const std::string& why) {
        auto known = faults_at(location);
        return ProtocolError(ErrorCode::invalid_args, why, {{"arg", "fault"}, {"known", known}});
    };
    if (const auto emulator = usb_.emulator_at(location)) {
        if (fault == "unplug")
            usb_.unplug(location);
        else if (fault == "replug")
            usb_.replug(location);
        else {
            try {
                emulator->inject(fault, args);
            } catch (const sim::UnknownFault& e) {
                throw unknown(e.what());
            }
        }
        return {{"applied", true}};
    }
    if (readers_.has_reader(location)) {
        if (fault == "unplug") {
            readers_.set_reader_present(location, false);
            manager.reader_changed(location, false);
        } else if (fault == "replug") {
            readers_.set_reader_present(location, true);
            manager.reader_changed(location, true);
        } else if (fault == "card_removed") {
            readers_.remove_card(location);
        } else if (fault == "card_inserted") {
            readers_.insert_card(location, sim::make_blank_card());
        } else {
            throw unknown("unknown fault \"" + fault + "\"");
        }
        return {{"applied", true}};
    }
    throw ProtocolError(ErrorCode::invalid_args, "the device is not simulated",
                        {{"arg", "device"}, {"reason", "not_simulated"}});
}

} // namespace ktpel::daemon
