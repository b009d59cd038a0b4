// SPDX-License-Identifier: Apache-2.0
// A biometric sample held in memory for an application between its capture
// and its use (the bundle for the central system, the card's chip).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ktpel::daemon {

struct HeldPart
{
    std::string name;           // "image", "template", "preview"...
    nlohmann::json description; // format, width, height, ppi, sha256...
    std::vector<std::uint8_t> bytes;
};

struct HeldCapture
{
    std::string id; // unguessable: "cap-" + 32 hex digits
    std::string application;
    std::string step;      // the step in progress when it was captured
    std::string operation; // "fingerprint.capture"
    std::string device;
    std::string serial;
    std::string officer;
    nlohmann::json metadata; // slot, qualities, exceptions... (what capture replied)
    std::vector<HeldPart> parts;
    std::chrono::system_clock::time_point captured_at;

    std::size_t bytes() const
    {
        std::size_t total = 0;
        for (const auto& part : parts)
            total += part.bytes.size();
        return total;
    }
};

} // namespace ktpel::daemon
