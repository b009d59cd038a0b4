// SPDX-License-Identifier: Apache-2.0
// The escape commands of the print sequence, as text after ESC and before
// CR, and what the printer's "ERR ..." replies mean. The channel frames
// them. The emulator (sim/emulators) writes its own half.
#pragma once

#include <string>
#include <string_view>

#include "../classes/card_panels.hpp"
#include "../classes/card_printer.hpp"
#include "../classes/device_failure.hpp"

namespace ktpel::evolis::command {

inline constexpr std::string_view kModel = "Rtp";
inline constexpr std::string_view kSerial = "Rsn";
inline constexpr std::string_view kFirmware = "Rfv";
inline constexpr std::string_view kStatus = "Rst";
inline constexpr std::string_view kRibbonLeft = "Rlr";
inline constexpr std::string_view kSoftwareErrors = "Pem;2"; // host decides on errors
inline constexpr std::string_view kStartSequence = "Ss";     // feeds a card
inline constexpr std::string_view kSideFront = "Psi;f";
inline constexpr std::string_view kSideBack = "Psi;b";
inline constexpr std::string_view kPrintSide = "Sp";
inline constexpr std::string_view kContactStation = "Sic";
inline constexpr std::string_view kContactlessStation = "Scl";
inline constexpr std::string_view kEject = "Se";   // ends the sequence, card out
inline constexpr std::string_view kReject = "Ser"; // ends the sequence, card to reject box
inline constexpr std::string_view kRaw = "Db";
inline constexpr std::string_view kCompressed = "Dbc";

// The panel letters of a YMCKO ribbon, in print order.
inline constexpr std::string_view kPanelLetters = "ymcko";

// "OK": what a command that does something answers.
inline constexpr std::string_view kOk = "OK";

struct PanelDownload
{
    std::string text; // the whole command, binary payload included
    bool compressed = false;
};

// Db;<panel>;<levels>;<raw bytes>  or  Dbc;<panel>;<levels>;<length>;<bytes>,
// whichever is smaller unless `encoding` asks for raw. `printer_panel` is
// already portrait.
PanelDownload panel_download(char letter, const drivers::Panel& printer_panel,
                             drivers::PanelEncoding encoding);

// The typed failure for an "ERR ..." reply to `sent`.
drivers::DeviceFailure refusal(std::string_view sent, std::string_view reply);

// The typed failure for a status condition that keeps a job from starting.
drivers::DeviceFailure not_ready(const std::string& condition, const std::string& raw);

} // namespace ktpel::evolis::command
