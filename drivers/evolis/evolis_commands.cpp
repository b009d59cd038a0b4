// SPDX-License-Identifier: Apache-2.0
#include "evolis_commands.hpp"

#include <algorithm>

#include "evolis_panel_codec.hpp"

namespace ktpel::evolis::command {
namespace {

using drivers::DeviceFailure;

struct Known
{
    std::string_view word; // after "ERR " in a reply, or a status condition
    std::string_view reason;
};

constexpr Known kHardware[] = {
    {"COVER_OPEN", "cover_open"},       {"FEEDER_EMPTY", "feeder_empty"},
    {"RIBBON_ENDED", "ribbon_ended"},   {"CARD_JAM", "card_jam"},
    {"MECHANICAL", "mechanical_error"},
};

// Binary payloads make poor log lines: keep the command words only.
std::string printable(std::string_view sent)
{
    if (sent.rfind(kRaw, 0) == 0)
        return std::string(sent.substr(0, std::min<std::size_t>(sent.size(), 9))) + "...";
    return std::string(sent);
}

} // namespace

PanelDownload panel_download(char letter, const drivers::Panel& printer_panel,
                             drivers::PanelEncoding encoding)
{
    const std::string header =
        std::string(1, letter) + ";" + std::to_string(printer_panel.levels) + ";";
    if (encoding == drivers::PanelEncoding::raw)
        return {std::string(kRaw) + ";" + header + encode_raw(printer_panel), false};
    auto compressed = encode_compressed(printer_panel);
    const auto raw_bytes =
        raw_size(printer_panel.width, printer_panel.height, printer_panel.levels);
    if (compressed.size() < raw_bytes)
        return {std::string(kCompressed) + ";" + header + std::to_string(compressed.size()) + ";" +
                    compressed,
                true};
    return {std::string(kRaw) + ";" + header + encode_raw(printer_panel), false};
}

DeviceFailure refusal(std::string_view sent, std::string_view reply)
{
    const std::string message =
        "printer refused \"" + printable(sent) + "\": " + std::string(reply);
    const auto word = reply.size() > 4 ? reply.substr(4) : std::string_view{};
    for (const auto& known : kHardware)
        if (word.rfind(known.word, 0) == 0)
            return DeviceFailure(DeviceFailure::Kind::hardware, std::string(known.reason), message);
    return DeviceFailure(DeviceFailure::Kind::protocol, "command_refused", message);
}

DeviceFailure not_ready(const std::string& condition, const std::string& raw)
{
    for (const auto& known : kHardware)
        if (condition == known.reason)
            return DeviceFailure(DeviceFailure::Kind::hardware, condition,
                                 "printer not ready: " + raw);
    return DeviceFailure(DeviceFailure::Kind::hardware,
                         condition == "printing" ? "printer_busy" : "printer_not_ready",
                         "printer not ready: " + raw);
}

} // namespace ktpel::evolis::command
