// SPDX-License-Identifier: Apache-2.0
#include "reader_state.hpp"

namespace ktpel::smartcard::pcsc {

ReaderState ReaderState::from(const SCARD_READERSTATE& state)
{
    ReaderState decoded;
    decoded.name = state.szReader ? state.szReader : "";
    decoded.flags = state.dwEventState & 0xFFFF & ~DWORD{SCARD_STATE_CHANGED};
    decoded.event_count = static_cast<std::uint16_t>((state.dwEventState >> 16) & 0xFFFF);
    if (decoded.card_present() && state.cbAtr <= sizeof state.rgbAtr)
        decoded.atr.assign(state.rgbAtr, state.rgbAtr + state.cbAtr);
    return decoded;
}

std::string describe(const ReaderState& state)
{
    std::string text;
    const auto add = [&text](bool set, const char* word) {
        if (!set)
            return;
        if (!text.empty())
            text += ' ';
        text += word;
    };
    add(state.flags & SCARD_STATE_UNKNOWN, "unknown");
    add(state.flags & SCARD_STATE_UNAVAILABLE, "unavailable");
    add(state.empty(), "empty");
    add(state.card_present(), "present");
    add(state.exclusive(), "exclusive");
    add(state.in_use(), "in-use");
    add(state.mute(), "mute");
    if (text.empty())
        text = "no state";
    return text + ", " + std::to_string(state.event_count) + " events";
}

} // namespace ktpel::smartcard::pcsc
