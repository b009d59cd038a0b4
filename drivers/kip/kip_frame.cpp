// SPDX-License-Identifier: Apache-2.0
#include "kip_frame.hpp"

#include <algorithm>

#include <zlib.h>

namespace ktpel::kip {
namespace {

std::uint32_t u32_at(std::span<const std::uint8_t> bytes, std::size_t offset)
{
    return LittleEndianReader<>(bytes.subspan(offset)).u32();
}

} // namespace

std::uint32_t crc32_of(std::span<const std::uint8_t> bytes)
{
    // zlib's crc32 takes a uInt length; feed in chunks so a huge span is safe.
    uLong crc = crc32(0L, Z_NULL, 0);
    std::size_t done = 0;
    while (done < bytes.size()) {
        const auto chunk = static_cast<uInt>(std::min<std::size_t>(bytes.size() - done, 1u << 30));
        crc = crc32(crc, bytes.data() + done, chunk);
        done += chunk;
    }
    return static_cast<std::uint32_t>(crc);
}

std::vector<std::uint8_t> encode(const Frame& frame)
{
    if (frame.payload.size() > kMaxPayload)
        throw FrameError("KIP payload over the protocol maximum");
    LittleEndianWriter out(kHeaderSize + frame.payload.size() + kTrailerSize);
    out.u8('K').u8('P').u8(static_cast<std::uint8_t>(frame.type)).u8(frame.sequence);
    out.u32(static_cast<std::uint32_t>(frame.payload.size())).bytes(frame.payload);
    out.u32(crc32_of(out.view()));
    return out.take();
}

void FrameReader::feed(std::span<const std::uint8_t> bytes)
{
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

std::optional<Frame> FrameReader::next()
{
    if (buffer_.size() < kHeaderSize)
        return std::nullopt;
    if (buffer_[0] != 'K' || buffer_[1] != 'P')
        throw FrameError("KIP frame has bad magic");
    const std::uint32_t length = u32_at(buffer_, 4);
    if (length > kMaxPayload)
        throw FrameError("KIP frame announces an oversized payload");
    const std::size_t total = kHeaderSize + length + kTrailerSize;
    if (buffer_.size() < total)
        return std::nullopt;
    const std::uint32_t expected = u32_at(buffer_, kHeaderSize + length);
    if (crc32_of({buffer_.data(), kHeaderSize + length}) != expected)
        throw FrameError("KIP frame fails its CRC");

    Frame frame;
    frame.type = static_cast<MessageType>(buffer_[2]);
    frame.sequence = buffer_[3];
    frame.payload.assign(buffer_.begin() + kHeaderSize, buffer_.begin() + kHeaderSize + length);
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(total));
    return frame;
}

void PayloadUnderrun::raise(std::size_t, std::size_t, std::size_t)
{
    throw FrameError("KIP payload shorter than its message type requires");
}

} // namespace ktpel::kip
