// SPDX-License-Identifier: Apache-2.0
#include "ksp_frame.hpp"

#include <cstdio>

namespace ktpel::signpad {
namespace {

constexpr std::uint8_t kMagic0 = 'K';
constexpr std::uint8_t kMagic1 = 'S';

} // namespace

std::string name_of(Opcode opcode)
{
    switch (opcode) {
    case Opcode::identify:
        return "IDENTIFY";
    case Opcode::get_info:
        return "GET_INFO";
    case Opcode::clear_screen:
        return "CLEAR_SCREEN";
    case Opcode::start_capture:
        return "START_CAPTURE";
    case Opcode::stop_capture:
        return "STOP_CAPTURE";
    case Opcode::identity:
        return "IDENTITY";
    case Opcode::info:
        return "INFO";
    case Opcode::screen_cleared:
        return "SCREEN_CLEARED";
    case Opcode::capture_started:
        return "CAPTURE_STARTED";
    case Opcode::capture_stopped:
        return "CAPTURE_STOPPED";
    case Opcode::error:
        return "ERROR";
    }
    char text[8];
    std::snprintf(text, sizeof text, "0x%02x", static_cast<unsigned>(opcode));
    return text;
}

std::vector<std::uint8_t> encode(const Frame& frame)
{
    if (frame.payload.size() > kMaxPayload)
        throw FrameError("KSP payload of " + std::to_string(frame.payload.size()) +
                         " bytes exceeds " + std::to_string(kMaxPayload));
    const auto length = static_cast<std::uint16_t>(frame.payload.size());
    std::vector<std::uint8_t> bytes;
    bytes.reserve(kFrameHeaderSize + frame.payload.size());
    bytes.push_back(kMagic0);
    bytes.push_back(kMagic1);
    bytes.push_back(static_cast<std::uint8_t>(frame.opcode));
    bytes.push_back(frame.tag);
    bytes.push_back(static_cast<std::uint8_t>(length & 0xff));
    bytes.push_back(static_cast<std::uint8_t>(length >> 8));
    bytes.insert(bytes.end(), frame.payload.begin(), frame.payload.end());
    return bytes;
}

void FrameReader::feed(std::span<const std::uint8_t> bytes)
{
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

std::optional<Frame> FrameReader::next()
{
    // Check the magic as soon as its bytes are in, so garbage is reported
    // without waiting for a header's worth of it.
    if (!buffer_.empty() && buffer_[0] != kMagic0)
        throw FrameError("bad KSP magic");
    if (buffer_.size() >= 2 && buffer_[1] != kMagic1)
        throw FrameError("bad KSP magic");
    if (buffer_.size() < kFrameHeaderSize)
        return std::nullopt;
    const std::size_t length = buffer_[4] | (static_cast<std::size_t>(buffer_[5]) << 8);
    if (length > kMaxPayload)
        throw FrameError("KSP frame announces " + std::to_string(length) +
                         " payload bytes; at most " + std::to_string(kMaxPayload) + " allowed");
    if (buffer_.size() < kFrameHeaderSize + length)
        return std::nullopt;
    Frame frame;
    frame.opcode = static_cast<Opcode>(buffer_[2]);
    frame.tag = buffer_[3];
    frame.payload.assign(buffer_.begin() + kFrameHeaderSize,
                         buffer_.begin() + static_cast<std::ptrdiff_t>(kFrameHeaderSize + length));
    buffer_.erase(buffer_.begin(),
                  buffer_.begin() + static_cast<std::ptrdiff_t>(kFrameHeaderSize + length));
    return frame;
}

} // namespace ktpel::signpad
