// SPDX-License-Identifier: Apache-2.0
#include "vpcd_protocol.hpp"

#include <string>

#include "vpcd_error.hpp"

namespace ktpel::sim::vpcd {

std::vector<std::uint8_t> encode_frame(std::span<const std::uint8_t> payload)
{
    if (payload.size() > max_payload_size)
        throw VpcdError("a vpcd message holds at most 65535 bytes, not " +
                        std::to_string(payload.size()));
    std::vector<std::uint8_t> frame;
    frame.reserve(header_size + payload.size());
    frame.push_back(static_cast<std::uint8_t>(payload.size() >> 8));
    frame.push_back(static_cast<std::uint8_t>(payload.size() & 0xFF));
    frame.insert(frame.end(), payload.begin(), payload.end());
    return frame;
}

std::size_t decode_length(std::span<const std::uint8_t, header_size> header) noexcept
{
    return (std::size_t{header[0]} << 8) | header[1];
}

std::optional<Control> control_of(std::span<const std::uint8_t> payload)
{
    if (payload.size() != 1)
        return std::nullopt;
    switch (payload[0]) {
    case static_cast<std::uint8_t>(Control::power_off):
    case static_cast<std::uint8_t>(Control::power_on):
    case static_cast<std::uint8_t>(Control::reset):
    case static_cast<std::uint8_t>(Control::get_atr):
        return static_cast<Control>(payload[0]);
    default:
        throw VpcdError("unknown vpcd control code " + std::to_string(payload[0]));
    }
}

} // namespace ktpel::sim::vpcd
