// SPDX-License-Identifier: Apache-2.0
#include "kip_device_wire.hpp"

#include <algorithm>

#include <zlib.h>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"

namespace ktpel::sim::kip_wire {
namespace {

// 'K' 'P', type, sequence, u32 length | payload | u32 CRC-32.
constexpr std::size_t kHead = 8;
constexpr std::size_t kCrcSize = 4;
// The protocol's ceiling on a payload; no command comes near it.
constexpr std::uint32_t kPayloadLimit = 1u << 20;

std::uint32_t crc_of(std::span<const std::uint8_t> bytes)
{
    // Nothing the device sends is over 4 GiB, so one call to zlib will do.
    return static_cast<std::uint32_t>(
        ::crc32(::crc32(0L, Z_NULL, 0), bytes.data(), static_cast<uInt>(bytes.size())));
}

// A CAPTURE that ends before its arguments is a bad command, not a crash.
struct ShortCapture
{
    [[noreturn]] static void raise(std::size_t, std::size_t, std::size_t)
    {
        throw BadCommand("CAPTURE without its mode and timeout");
    }
};

std::span<const std::uint8_t> bytes_of(std::string_view text)
{
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

} // namespace

void CommandStream::append(std::span<const std::uint8_t> bytes)
{
    pending_.insert(pending_.end(), bytes.begin(), bytes.end());
}

std::optional<CommandFrame> CommandStream::take()
{
    if (pending_.size() < kHead)
        return std::nullopt;
    LittleEndianReader<> head(pending_);
    const bool magic = head.u8() == 'K' && head.u8() == 'P';
    if (!magic)
        throw BadCommand("command does not start with KP");
    CommandFrame command;
    command.command = head.u8();
    command.sequence = head.u8();
    const std::uint32_t length = head.u32();
    if (length > kPayloadLimit)
        throw BadCommand("command announces " + std::to_string(length) + " payload bytes");
    if (head.remaining() < std::size_t{length} + kCrcSize)
        return std::nullopt; // the rest is still on its way
    const auto payload = head.bytes(length);
    const std::uint32_t sent_crc = head.u32();
    if (sent_crc != crc_of(std::span(pending_).first(kHead + length)))
        throw BadCommand("command fails its CRC");
    command.payload.assign(payload.begin(), payload.end());
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(head.offset()));
    return command;
}

CaptureArguments read_capture(std::span<const std::uint8_t> payload)
{
    LittleEndianReader<ShortCapture> in(payload);
    CaptureArguments arguments;
    const std::uint8_t mode = in.u8();
    arguments.count = mode & 0x0f;
    arguments.hint = mode >> 4;
    arguments.timeout_ms = in.u32();
    arguments.live = !in.at_end() && (in.u8() & 0x01) != 0;
    return arguments;
}

std::vector<std::uint8_t> frame(Message message, std::uint8_t sequence,
                                std::span<const std::uint8_t> payload)
{
    LittleEndianWriter out(kHead + payload.size() + kCrcSize);
    out.u8('K').u8('P').u8(static_cast<std::uint8_t>(message)).u8(sequence);
    out.u32(static_cast<std::uint32_t>(payload.size())).bytes(payload);
    const std::uint32_t crc = crc_of(out.view());
    return out.u32(crc).take();
}

std::vector<std::uint8_t> info(const Identity& identity)
{
    LittleEndianWriter out;
    out.u16(identity.width).u16(identity.height).u16(identity.ppi);
    out.u8(static_cast<std::uint8_t>(identity.modality)).u8(identity.images_per_capture);
    for (const std::string* text :
         {&identity.manufacturer, &identity.model, &identity.serial, &identity.firmware}) {
        // A length byte: firmware strings longer than 255 bytes are cut.
        const auto kept = bytes_of(*text).first(std::min<std::size_t>(text->size(), 255));
        out.u8(static_cast<std::uint8_t>(kept.size())).bytes(kept);
    }
    return out.take();
}

std::vector<std::uint8_t> status(bool capturing, bool subject_present)
{
    return {std::uint8_t{capturing}, std::uint8_t{subject_present}};
}

std::vector<std::uint8_t> ack(Command acknowledged)
{
    return {static_cast<std::uint8_t>(acknowledged)};
}

std::vector<std::uint8_t> event(Progress progress)
{
    return {static_cast<std::uint8_t>(progress)};
}

std::vector<std::uint8_t> image_begin(std::uint8_t index, std::uint8_t count, std::uint16_t width,
                                      std::uint16_t height, std::uint32_t size)
{
    return LittleEndianWriter(10).u8(index).u8(count).u16(width).u16(height).u32(size).take();
}

std::vector<std::uint8_t> image_data(std::uint32_t offset, std::span<const std::uint8_t> chunk)
{
    return LittleEndianWriter(4 + chunk.size()).u32(offset).bytes(chunk).take();
}

std::vector<std::uint8_t> image_end(std::span<const std::uint8_t> image)
{
    return LittleEndianWriter(4).u32(crc_of(image)).take();
}

std::vector<std::uint8_t> error(Refusal refusal, std::string_view text)
{
    return LittleEndianWriter(2 + text.size())
        .u16(static_cast<std::uint16_t>(refusal))
        .bytes(bytes_of(text))
        .take();
}

} // namespace ktpel::sim::kip_wire
