// SPDX-License-Identifier: Apache-2.0
// The payloads of KSP's command and response frames (docs/signature-pad.md).
// Decoders throw FrameError for a payload of the wrong size or content.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace ktpel::signpad {

// Major version in the high byte: a host refuses a pad of another major.
inline constexpr std::uint16_t kProtocolVersion = 0x0100;

// IDENTITY, the answer to IDENTIFY.
struct Identity
{
    std::uint16_t protocol_version = kProtocolVersion;
    std::string manufacturer;
    std::string model;
    std::string serial;
    std::string firmware;
};

// Bits of PadInfo::buttons.
inline constexpr std::uint8_t kButtonOkBit = 0x01;
inline constexpr std::uint8_t kButtonClearBit = 0x02;
inline constexpr std::uint8_t kButtonCancelBit = 0x04;

// INFO, the answer to GET_INFO.
struct PadInfo
{
    std::uint16_t width = 0; // active area, pad units
    std::uint16_t height = 0;
    std::uint32_t units_per_metre = 0; // integral, so 2540 lpi is exact (100000)
    std::uint16_t max_pressure = 0;
    std::uint16_t report_rate_hz = 0;
    std::uint16_t screen_width = 0; // the LCD under the glass, pixels
    std::uint16_t screen_height = 0;
    std::uint8_t buttons = 0;
};

// START_CAPTURE's payload.
struct StartOptions
{
    // Also report the pen while it hovers (in proximity, not touching);
    // without it the pad reports hover only at the moment of a lift.
    bool hover_reports = true;
};

enum class ErrorCode : std::uint16_t
{
    unknown_opcode = 1,
    bad_length = 2,   // a payload of the wrong size for its opcode
    bad_argument = 3, // e.g. reserved START_CAPTURE flags set
    sensor_fault = 4, // the digitiser failed its self test
};

std::string snake_name_of(ErrorCode code);

// ERROR, the answer to a command the pad will not carry out.
struct DeviceError
{
    ErrorCode code{};
    std::string message;
};

std::vector<std::uint8_t> encode(const Identity& identity);
Identity decode_identity(std::span<const std::uint8_t> payload);
std::vector<std::uint8_t> encode(const PadInfo& info);
PadInfo decode_pad_info(std::span<const std::uint8_t> payload);
std::vector<std::uint8_t> encode(const StartOptions& options);
StartOptions decode_start_options(std::span<const std::uint8_t> payload);
std::vector<std::uint8_t> encode(const DeviceError& error);
DeviceError decode_device_error(std::span<const std::uint8_t> payload);

} // namespace ktpel::signpad
