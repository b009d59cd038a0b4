// SPDX-License-Identifier: Apache-2.0
#include "ksp_messages.hpp"

#include "ksp_frame.hpp"
#include "ksp_payload.hpp"

namespace ktpel::signpad {
namespace {

constexpr std::uint8_t kHoverReportsFlag = 0x01;

} // namespace

std::string snake_name_of(ErrorCode code)
{
    switch (code) {
    case ErrorCode::unknown_opcode:
        return "unknown_opcode";
    case ErrorCode::bad_length:
        return "bad_length";
    case ErrorCode::bad_argument:
        return "bad_argument";
    case ErrorCode::sensor_fault:
        return "sensor_fault";
    }
    return "error_" + std::to_string(static_cast<unsigned>(code));
}

std::vector<std::uint8_t> encode(const Identity& identity)
{
    return PayloadWriter{}
        .u16(identity.protocol_version)
        .u8_prefixed_text(identity.manufacturer)
        .u8_prefixed_text(identity.model)
        .u8_prefixed_text(identity.serial)
        .u8_prefixed_text(identity.firmware)
        .take();
}

Identity decode_identity(std::span<const std::uint8_t> payload)
{
    PayloadReader reader(payload);
    Identity identity;
    identity.protocol_version = reader.u16();
    identity.manufacturer = reader.u8_prefixed_text();
    identity.model = reader.u8_prefixed_text();
    identity.serial = reader.u8_prefixed_text();
    identity.firmware = reader.u8_prefixed_text();
    expect_end(reader);
    return identity;
}

std::vector<std::uint8_t> encode(const PadInfo& info)
{
    return PayloadWriter{}
        .u16(info.width)
        .u16(info.height)
        .u32(info.units_per_metre)
        .u16(info.max_pressure)
        .u16(info.report_rate_hz)
        .u16(info.screen_width)
        .u16(info.screen_height)
        .u8(info.buttons)
        .take();
}

PadInfo decode_pad_info(std::span<const std::uint8_t> payload)
{
    PayloadReader reader(payload);
    PadInfo info;
    info.width = reader.u16();
    info.height = reader.u16();
    info.units_per_metre = reader.u32();
    info.max_pressure = reader.u16();
    info.report_rate_hz = reader.u16();
    info.screen_width = reader.u16();
    info.screen_height = reader.u16();
    info.buttons = reader.u8();
    expect_end(reader);
    return info;
}

std::vector<std::uint8_t> encode(const StartOptions& options)
{
    return {static_cast<std::uint8_t>(options.hover_reports ? kHoverReportsFlag : 0)};
}

StartOptions decode_start_options(std::span<const std::uint8_t> payload)
{
    PayloadReader reader(payload);
    const std::uint8_t flags = reader.u8();
    expect_end(reader);
    if ((flags & ~kHoverReportsFlag) != 0)
        throw FrameError("reserved START_CAPTURE flags set");
    return StartOptions{(flags & kHoverReportsFlag) != 0};
}

std::vector<std::uint8_t> encode(const DeviceError& error)
{
    auto bytes = PayloadWriter{}.u16(static_cast<std::uint16_t>(error.code)).take();
    bytes.insert(bytes.end(), error.message.begin(), error.message.end());
    return bytes;
}

DeviceError decode_device_error(std::span<const std::uint8_t> payload)
{
    PayloadReader reader(payload);
    DeviceError error;
    error.code = static_cast<ErrorCode>(reader.u16());
    error.message = reader.text(reader.remaining());
    return error;
}

} // namespace ktpel::signpad
