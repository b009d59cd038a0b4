// SPDX-License-Identifier: Apache-2.0
#include "evolis_emulator.hpp"

namespace ktpel::sim {

EvolisEmulator::EvolisEmulator(EvolisEmulatorSettings settings)
    : settings_(std::move(settings)), ribbon_panels_(settings_.ribbon_panels),
      cards_in_hopper_(settings_.cards_in_hopper)
{
}

usb::DeviceDescription EvolisEmulator::description() const
{
    usb::DeviceDescription description;
    description.vendor_id = 0xf1f0;
    description.product_id = 0x0022;
    description.manufacturer = "Evolis (emulated)";
    description.product = settings_.model;
    description.serial = settings_.serial;
    return description;
}

std::vector<std::string> EvolisEmulator::faults() const
{
    return {"unplug", "replug", "cover_open", "jam", "ribbon_out", "feeder_empty", "hang", "clear"};
}

void EvolisEmulator::inject(const std::string& fault, const nlohmann::json& /*args*/)
{
    std::lock_guard lock(mutex_);
    if (fault == "cover_open")
        cover_open_ = true;
    else if (fault == "jam")
        jammed_ = true;
    else if (fault == "ribbon_out")
        ribbon_panels_ = 0;
    else if (fault == "feeder_empty")
        cards_in_hopper_ = 0;
    else if (fault == "hang")
        hung_ = true;
    else if (fault == "clear") {
        cover_open_ = jammed_ = hung_ = false;
        ribbon_panels_ = settings_.ribbon_panels;
        cards_in_hopper_ = settings_.cards_in_hopper;
    } else
        throw UnknownFault("unknown fault \"" + fault + "\"");
}

std::string EvolisEmulator::condition() const
{
    // Most urgent first, as a printer's status LED would show it.
    if (cover_open_)
        return "COVER_OPEN";
    if (jammed_)
        return "CARD_JAM";
    if (ribbon_panels_ == 0)
        return "RIBBON_ENDED";
    if (cards_in_hopper_ == 0)
        return "FEEDER_EMPTY";
    return "READY";
}

std::string EvolisEmulator::answer(const std::string& command)
{
    if (command == "Rtp")
        return settings_.model;
    if (command == "Rsn")
        return settings_.serial;
    if (command == "Rfv")
        return settings_.firmware;
    if (command == "Rst")
        return condition() + ";ribbon=" + std::to_string(ribbon_panels_) +
               ";hopper=" + std::to_string(cards_in_hopper_);
    return "ERR UNKNOWN COMMAND";
}

void EvolisEmulator::receive(std::uint8_t /*endpoint*/, std::span<const std::uint8_t> data)
{
    std::vector<std::string> replies;
    {
        std::lock_guard lock(mutex_);
        for (const auto byte : data) {
            if (byte != '\r') {
                pending_.push_back(static_cast<char>(byte));
                if (pending_.size() > 65536) { // garbage without a CR: drop it as a printer would
                    pending_.clear();
                    replies.push_back("ERR COMMAND TOO LONG");
                }
                continue;
            }
            std::string command;
            command.swap(pending_);
            if (hung_)
                continue;
            if (command.empty() || command.front() != '\x1b') {
                replies.push_back("ERR NO ESCAPE");
                continue;
            }
            replies.push_back(answer(command.substr(1)));
        }
    }
    for (auto& reply : replies) {
        reply.push_back('\r');
        queue_packet({reply.begin(), reply.end()});
    }
}

} // namespace ktpel::sim
