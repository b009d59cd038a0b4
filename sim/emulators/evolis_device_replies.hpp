// SPDX-License-Identifier: Apache-2.0
// The text the emulated Evolis printer answers with (docs/drivers/evolis.md):
// "OK", "ERR <WORD>", and the status line. The driver reads them
// (drivers/evolis), so the codec tests can put one against the other.
#pragma once

#include <string>
#include <string_view>

namespace ktpel::sim::evolis_replies {

// What a command that did its work answers.
inline constexpr std::string_view kDone = "OK";

// "ERR <WORD>": the printer will not, or cannot, do what it was asked.
std::string refusal(std::string_view word);

// Rst's answer: "CONDITION;ribbon=N;hopper=N".
std::string status(std::string_view condition, int ribbon_panels, int cards_in_hopper);

} // namespace ktpel::sim::evolis_replies
