// SPDX-License-Identifier: Apache-2.0
#include "kip_frame.hpp"

#include <algorithm>

#include <zlib.h>

namespace ktpel::kip {
namespace {

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t value)
{
    for (int shift = 0; shift < 32; shift += 8)
        out.push_back(static_cast<std::uint8_t>(value >> shift));
}

std::uint32_t get_u32(const std::uint8_t* p)
{
    return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
           std::uint32_t{p[3]} << 24;
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
    std::vector<std::uint8_t> out;
    out.reserve(kHeaderSize + frame.payload.size() + kTrailerSize);
    out.push_back('K');
    out.push_back('P');
    out.push_back(static_cast<std::uint8_t>(frame.type));
    out.push_back(frame.sequence);
    put_u32(out, static_cast<std::uint32_t>(frame.payload.size()));
    out.insert(out.end(), frame.payload.begin(), frame.payload.end());
    put_u32(out, crc32_of(out));
    return out;
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
    const std::uint32_t length = get_u32(buffer_.data() + 4);
    if (length > kMaxPayload)
        throw FrameError("KIP frame announces an oversized payload");
    const std::size_t total = kHeaderSize + length + kTrailerSize;
    if (buffer_.size() < total)
        return std::nullopt;
    const std::uint32_t expected = get_u32(buffer_.data() + kHeaderSize + length);
    if (crc32_of({buffer_.data(), kHeaderSize + length}) != expected)
        throw FrameError("KIP frame fails its CRC");

    Frame frame;
    frame.type = static_cast<MessageType>(buffer_[2]);
    frame.sequence = buffer_[3];
    frame.payload.assign(buffer_.begin() + kHeaderSize, buffer_.begin() + kHeaderSize + length);
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(total));
    return frame;
}

PayloadWriter& PayloadWriter::u8(std::uint8_t value)
{
    out_.push_back(value);
    return *this;
}

PayloadWriter& PayloadWriter::u16(std::uint16_t value)
{
    out_.push_back(static_cast<std::uint8_t>(value));
    out_.push_back(static_cast<std::uint8_t>(value >> 8));
    return *this;
}

PayloadWriter& PayloadWriter::u32(std::uint32_t value)
{
    put_u32(out_, value);
    return *this;
}

PayloadWriter& PayloadWriter::bytes(std::span<const std::uint8_t> data)
{
    out_.insert(out_.end(), data.begin(), data.end());
    return *this;
}

PayloadWriter& PayloadWriter::short_string(const std::string& text)
{
    const auto length = static_cast<std::uint8_t>(std::min<std::size_t>(text.size(), 255));
    out_.push_back(length);
    out_.insert(out_.end(), text.begin(), text.begin() + length);
    return *this;
}

void PayloadReader::need(std::size_t count) const
{
    if (data_.size() - offset_ < count)
        throw FrameError("KIP payload shorter than its message type requires");
}

std::uint8_t PayloadReader::u8()
{
    need(1);
    return data_[offset_++];
}

std::uint16_t PayloadReader::u16()
{
    need(2);
    const auto value = static_cast<std::uint16_t>(data_[offset_] | data_[offset_ + 1] << 8);
    offset_ += 2;
    return value;
}

std::uint32_t PayloadReader::u32()
{
    need(4);
    const auto value = get_u32(data_.data() + offset_);
    offset_ += 4;
    return value;
}

std::span<const std::uint8_t> PayloadReader::rest()
{
    auto tail = data_.subspan(offset_);
    offset_ = data_.size();
    return tail;
}

std::string PayloadReader::short_string()
{
    const std::uint8_t length = u8();
    need(length);
    std::string text(reinterpret_cast<const char*>(data_.data() + offset_), length);
    offset_ += length;
    return text;
}

} // namespace ktpel::kip
