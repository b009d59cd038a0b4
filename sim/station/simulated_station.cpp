// SPDX-License-Identifier: Apache-2.0
#include "simulated_station.hpp"

#include "daemon/devices/device_manager.hpp"
#include "drivers/kip/kip_usb_ids.hpp"
#include "sim/card_sm/issuer_keys.hpp"
#include "sim/emulators/evolis_emulator.hpp"
#include "sim/emulators/kip_emulator.hpp"
#include "sim/emulators/ptp_camera_emulator.hpp"
#include "sim/emulators/signature_pad_emulator.hpp"
#include "sim/virtual_sam/sam_applet.hpp"

namespace ktpel::sim {
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
        settings.modality = sim::kip_wire::Modality::iris_dual;
        settings.product_id = kip::kIrisScannerId.product_id;
        settings.model = "KIP Dual Iris Scanner";
        settings.width = 640;
        settings.height = 480;
        settings.ppi = 0;
    } else if (config.emulator == "kip-camera") {
        settings.modality = sim::kip_wire::Modality::face;
        settings.product_id = kip::kCameraId.product_id;
        settings.model = "KIP Portrait Camera";
        settings.width = 600;
        settings.height = 800;
        settings.ppi = 0;
    }
    return std::make_shared<sim::KipEmulator>(settings);
}

// A SAM in an emulated reader. The applet is not thread-safe, and the SAM
// reader is only ever used by one job at a time, but a lock costs nothing.
sim::VirtualCard make_sam_card(sim::sm::SecretBytes issuer_key)
{
    struct Sam
    {
        explicit Sam(sim::sm::SecretBytes key) : applet(std::move(key)) {}
        std::mutex mutex;
        sim::virtual_sam::SamApplet applet;
    };
    auto sam = std::make_shared<Sam>(std::move(issuer_key));
    sim::VirtualCard card;
    card.atr = sim::virtual_sam::SamApplet::answer_to_reset();
    card.respond = [sam](std::span<const std::uint8_t> apdu) {
        std::lock_guard lock(sam->mutex);
        return sam->applet.transmit(apdu);
    };
    return card;
}

std::optional<sim::VirtualCard> make_reader_card(config::ReaderEmulatorConfig::Card kind)
{
    using Card = config::ReaderEmulatorConfig::Card;
    switch (kind) {
    case Card::blank:
        return sim::make_blank_card();
    case Card::ktpel_sam:
        return make_sam_card(sim::sm::demo_issuer_key());
    case Card::ktpel_sam_wrong_key:
        return make_sam_card(sim::sm::wrong_demo_issuer_key());
    case Card::none:
    case Card::ktpel_chip: // arrives with the printer's card
        break;
    }
    return std::nullopt;
}

} // namespace

SimulatedStation::SimulatedStation(const config::StationConfig& config,
                                   const std::filesystem::path& state_dir)
{
    using Card = config::ReaderEmulatorConfig::Card;
    for (const auto& emulator : config.usb_emulators)
        usb_.attach(emulator.location, make_emulator(emulator));
    for (const auto& reader : config.reader_emulators) {
        readers_.add_reader(reader.name, make_reader_card(reader.card));
        if (reader.card == Card::ktpel_chip && chip_reader_.empty())
            chip_reader_ = reader.name;
        if ((reader.card == Card::ktpel_sam || reader.card == Card::ktpel_sam_wrong_key) &&
            sam_reader_.empty())
            sam_reader_ = reader.name;
    }
    if (!chip_reader_.empty()) {
        if (config.smartcard_backend == config::SmartcardBackend::emulated)
            chip_slot_ =
                make_in_process_chip_slot(readers_, chip_reader_, state_dir / "simulated-cards");
        else if (!config.chip_control_socket.empty())
            chip_slot_ = make_controlled_chip_slot(config.chip_control_socket);
    }
    // The chip follows the printer's card in and out of the station.
    if (chip_slot_) {
        for (const auto& emulator : config.usb_emulators) {
            auto printer =
                std::dynamic_pointer_cast<sim::EvolisEmulator>(usb_.emulator_at(emulator.location));
            if (!printer)
                continue;
            printer->set_encoder_observer(
                [slot = chip_slot_.get()](std::optional<std::uint64_t> card) {
                    slot->card_moved(card);
                });
            observed_printer_ = printer;
            break;
        }
    }
}

SimulatedStation::~SimulatedStation()
{
    // The printer may outlive the chip slot (a device task holds it):
    // unhook it first.
    if (observed_printer_)
        observed_printer_->set_encoder_observer({});
}

bool SimulatedStation::simulates_reader(const std::string& location) const
{
    return chip_slot_ && location == chip_reader_;
}

nlohmann::json SimulatedStation::inject_chip_fault(const std::string& fault,
                                                   const nlohmann::json& args)
{
    try {
        if (fault == "pull_card") {
            const auto writes = args.value("after_writes", 1);
            if (writes < 1 || writes > 100000)
                throw daemon::FaultRejected("pull_card: after_writes must be from 1 to 100000",
                                            {{"arg", "after_writes"}});
            chip_slot_->pull_after_writes(static_cast<unsigned>(writes));
            return {{"applied", true}};
        }
        if (fault == "chip_status")
            return {{"applied", true}, {"chip", chip_slot_->status()}};
        if (fault == "withhold_card") {
            chip_slot_->withhold_next_card();
            return {{"applied", true}};
        }
        if (fault == "exchange_delay") {
            const auto ms = args.value("ms", -1);
            if (ms < 0 || ms > 10000)
                throw daemon::FaultRejected("exchange_delay: ms must be from 0 to 10000",
                                            {{"arg", "ms"}});
            chip_slot_->set_exchange_delay(std::chrono::milliseconds{ms});
            return {{"applied", true}};
        }
    } catch (const SimulatedChipSlotError& error) {
        throw daemon::FaultRejected(error.what(), {{"arg", "fault"}});
    } catch (const nlohmann::json::exception&) {
        throw daemon::FaultRejected(fault + ": its argument must be a number",
                                    {{"arg", fault == "pull_card" ? "after_writes" : "ms"}});
    }
    return nullptr;
}

std::vector<std::string> SimulatedStation::faults_at(const std::string& location) const
{
    if (const auto emulator = usb_.emulator_at(location))
        return emulator->faults();
    std::vector<std::string> faults;
    if (readers_.has_reader(location))
        faults = {"unplug",    "replug",    "card_removed", "card_inserted",
                  "wrong_sam", "right_sam", "sam_unplug",   "sam_replug"};
    if (simulates_reader(location)) {
        for (const auto* fault : {"pull_card", "chip_status", "withhold_card", "exchange_delay"})
            faults.push_back(fault);
    }
    return faults;
}

nlohmann::json SimulatedStation::inject(daemon::DeviceManager& manager, const std::string& location,
                                        const std::string& fault, const nlohmann::json& args)
{
    const auto unknown = [&](const std::string& why) {
        auto known = faults_at(location);
        return daemon::FaultRejected(why, {{"arg", "fault"}, {"known", known}});
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
    if (simulates_reader(location)) {
        if (auto applied = inject_chip_fault(fault, args); !applied.is_null())
            return applied;
        if (fault == "card_inserted" && args.contains("uid")) {
            if (!args["uid"].is_string())
                throw daemon::FaultRejected("card_inserted: uid must be a string",
                                            {{"arg", "uid"}});
            try {
                chip_slot_->present(args["uid"].get<std::string>());
            } catch (const SimulatedChipSlotError& error) {
                throw daemon::FaultRejected(error.what(), {{"arg", "uid"}});
            }
            return {{"applied", true}};
        }
        if (fault == "card_inserted") { // a new chip, as a fresh blank would bring
            chip_slot_->card_moved(std::nullopt);
            chip_slot_->card_moved(std::numeric_limits<std::uint64_t>::max() - ++manual_cards_);
            return {{"applied", true}};
        }
        if (fault == "card_removed" && !readers_.has_reader(location)) {
            chip_slot_->card_moved(std::nullopt);
            return {{"applied", true}};
        }
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
        } else if ((fault == "wrong_sam" || fault == "right_sam") && !sam_reader_.empty()) {
            // Swaps the SAM beside this encoder for one of another issuer
            // (or back).
            readers_.insert_card(
                sam_reader_,
                *make_reader_card(fault == "wrong_sam"
                                      ? config::ReaderEmulatorConfig::Card::ktpel_sam_wrong_key
                                      : config::ReaderEmulatorConfig::Card::ktpel_sam));
        } else if ((fault == "sam_unplug" || fault == "sam_replug") && !sam_reader_.empty()) {
            // The SAM's reader leaves the bus (or comes back) while the
            // encoder's own reader stays.
            const bool present = fault == "sam_replug";
            readers_.set_reader_present(sam_reader_, present);
            manager.reader_changed(sam_reader_, present);
        } else {
            throw unknown("unknown fault \"" + fault + "\"");
        }
        return {{"applied", true}};
    }
    throw daemon::FaultRejected("the device is not simulated",
                                {{"arg", "device"}, {"reason", "not_simulated"}});
}

} // namespace ktpel::sim
