// SPDX-License-Identifier: Apache-2.0
#include "ksp_device_wire.hpp"

#include <array>
#include <cstdio>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"

namespace ktpel::sim::ksp_wire {
namespace {

// 'K' 'S', opcode, tag, u16 length, then the payload.
constexpr std::size_t kHead = 6;
constexpr std::size_t kPayloadLimit = 1024;
constexpr std::uint8_t kAnswerBit = 0x80;
constexpr std::uint8_t kErrorOpcode = 0xff;
constexpr std::uint8_t kHoverFlag = 0x01;

enum class ReportKind : std::uint8_t
{
    pen = 0x01,
    button = 0x02,
    heartbeat = 0x03,
};

std::vector<std::uint8_t> frame(std::uint8_t opcode, std::uint8_t tag,
                                std::span<const std::uint8_t> payload)
{
    return LittleEndianWriter(kHead + payload.size())
        .u8('K')
        .u8('S')
        .u8(opcode)
        .u8(tag)
        .u16(static_cast<std::uint16_t>(payload.size()))
        .bytes(payload)
        .take();
}

// Button and heartbeat reports: id, one byte of state, sequence, time.
std::vector<std::uint8_t> eight_byte_report(ReportKind kind, std::uint8_t state,
                                            std::uint16_t sequence, std::uint32_t time_ms)
{
    return LittleEndianWriter(8)
        .u8(static_cast<std::uint8_t>(kind))
        .u8(state)
        .u16(sequence)
        .u32(time_ms)
        .take();
}

void put_text(LittleEndianWriter& out, std::string_view text)
{
    // Settings hold what the pad reports; a string over the length byte's
    // reach is a mistake in them.
    if (text.size() > 255)
        throw std::invalid_argument("a KSP string is at most 255 bytes");
    out.u8(static_cast<std::uint8_t>(text.size()))
        .bytes({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

} // namespace

void CommandStream::append(std::span<const std::uint8_t> bytes)
{
    pending_.insert(pending_.end(), bytes.begin(), bytes.end());
}

std::optional<CommandFrame> CommandStream::take()
{
    // Firmware checks each magic byte as it lands: garbage is refused
    // before a whole header of it has arrived.
    constexpr std::array<std::uint8_t, 2> kMagic{'K', 'S'};
    for (std::size_t i = 0; i < kMagic.size() && i < pending_.size(); ++i)
        if (pending_[i] != kMagic[i])
            throw BadCommand("command pipe bytes are not KSP (bad magic)");
    if (pending_.size() < kHead)
        return std::nullopt;
    LittleEndianReader<> in{std::span(pending_).subspan(kMagic.size())};
    CommandFrame command;
    command.opcode = in.u8();
    command.tag = in.u8();
    const std::uint16_t length = in.u16();
    if (length > kPayloadLimit)
        throw BadCommand("command announces " + std::to_string(length) + " payload bytes");
    if (in.remaining() < length)
        return std::nullopt;
    const auto payload = in.bytes(length);
    command.payload.assign(payload.begin(), payload.end());
    pending_.erase(pending_.begin(),
                   pending_.begin() + static_cast<std::ptrdiff_t>(kHead + length));
    return command;
}

std::string command_name(std::uint8_t opcode)
{
    switch (static_cast<Command>(opcode)) {
    case Command::identify:
        return "IDENTIFY";
    case Command::get_info:
        return "GET_INFO";
    case Command::clear_screen:
        return "CLEAR_SCREEN";
    case Command::start_capture:
        return "START_CAPTURE";
    case Command::stop_capture:
        return "STOP_CAPTURE";
    }
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", opcode);
    return hex;
}

bool reports_hover(std::uint8_t flags)
{
    if ((flags & ~kHoverFlag) != 0)
        throw BadCommand("reserved START_CAPTURE flags set");
    return (flags & kHoverFlag) != 0;
}

std::vector<std::uint8_t> answer(const CommandFrame& command, std::span<const std::uint8_t> payload)
{
    return frame(static_cast<std::uint8_t>(command.opcode | kAnswerBit), command.tag, payload);
}

std::vector<std::uint8_t> refusal(const CommandFrame& command, Refusal code,
                                  std::string_view message)
{
    const auto payload =
        LittleEndianWriter(2 + message.size())
            .u16(static_cast<std::uint16_t>(code))
            .bytes({reinterpret_cast<const std::uint8_t*>(message.data()), message.size()})
            .take();
    return frame(kErrorOpcode, command.tag, payload);
}

std::vector<std::uint8_t> identity(const Identity& identity)
{
    LittleEndianWriter out;
    out.u16(kProtocolVersion);
    for (const std::string_view text :
         {identity.manufacturer, identity.model, identity.serial, identity.firmware})
        put_text(out, text);
    return out.take();
}

std::vector<std::uint8_t> surface(const Surface& surface)
{
    const auto buttons = static_cast<std::uint8_t>((surface.ok_button ? 0x01 : 0) |
                                                   (surface.clear_button ? 0x02 : 0) |
                                                   (surface.cancel_button ? 0x04 : 0));
    return LittleEndianWriter(17)
        .u16(surface.width_units)
        .u16(surface.height_units)
        .u32(surface.units_per_metre)
        .u16(surface.max_pressure)
        .u16(surface.report_rate_hz)
        .u16(surface.screen_width)
        .u16(surface.screen_height)
        .u8(buttons)
        .take();
}

std::vector<std::uint8_t> pen_report(const Pen& pen, std::uint16_t sequence, std::uint32_t time_ms)
{
    const auto status = static_cast<std::uint8_t>((pen.tip ? 0x01 : 0) | (pen.in_range ? 0x02 : 0));
    return LittleEndianWriter(14)
        .u8(static_cast<std::uint8_t>(ReportKind::pen))
        .u8(status)
        .u16(pen.x)
        .u16(pen.y)
        .u16(pen.pressure)
        .u16(sequence)
        .u32(time_ms)
        .take();
}

std::vector<std::uint8_t> button_report(Button button, std::uint16_t sequence,
                                        std::uint32_t time_ms)
{
    return eight_byte_report(ReportKind::button, static_cast<std::uint8_t>(button), sequence,
                             time_ms);
}

std::vector<std::uint8_t> heartbeat_report(bool capturing, std::uint16_t sequence,
                                           std::uint32_t time_ms)
{
    return eight_byte_report(ReportKind::heartbeat, capturing ? 1 : 0, sequence, time_ms);
}

} // namespace ktpel::sim::ksp_wire
