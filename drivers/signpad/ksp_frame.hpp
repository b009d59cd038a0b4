// SPDX-License-Identifier: Apache-2.0
// KSP ("ktpel signature pad protocol") command and response framing on the
// bulk pipes; docs/signature-pad.md describes it byte by byte.
//
//   offset 0  'K' 'S'   magic
//          2  u8        opcode
//          3  u8        tag: chosen by the host, echoed by the pad
//          4  u16 LE    payload length (at most kMaxPayload)
//          6  payload
//
// No checksum: every USB packet already carries a CRC, and a bulk pipe
// delivers bytes in order or reports an error.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace ktpel::signpad {

inline constexpr std::size_t kFrameHeaderSize = 6;
inline constexpr std::size_t kMaxPayload = 1024;
inline constexpr std::uint8_t kResponseBit = 0x80;

enum class Opcode : std::uint8_t
{
    // host -> pad; the pad answers with (opcode | 0x80) or error
    identify = 0x01,
    get_info = 0x02,
    clear_screen = 0x03,
    start_capture = 0x04,
    stop_capture = 0x05,
    // pad -> host
    identity = 0x81,
    info = 0x82,
    screen_cleared = 0x83,
    capture_started = 0x84,
    capture_stopped = 0x85,
    error = 0xff,
};

// The response a command expects when it succeeds.
constexpr Opcode response_to(Opcode command) noexcept
{
    return static_cast<Opcode>(static_cast<std::uint8_t>(command) | kResponseBit);
}

std::string name_of(Opcode opcode);

struct Frame
{
    Opcode opcode{};
    std::uint8_t tag = 0;
    std::vector<std::uint8_t> payload;
};

// Bytes that are not KSP: bad magic, an oversized length, a payload that
// does not hold what its opcode says.
class FrameError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// Throws FrameError when the payload is longer than kMaxPayload.
std::vector<std::uint8_t> encode(const Frame& frame);

// Accumulates a bulk byte stream (a transfer may end mid-frame or hold two)
// and yields whole frames. A FrameError leaves the stream unusable: the
// caller resets the reader and drains the pipe.
class FrameReader
{
public:
    void feed(std::span<const std::uint8_t> bytes);
    std::optional<Frame> next();
    void reset() noexcept { buffer_.clear(); }
    std::size_t buffered() const noexcept { return buffer_.size(); }

private:
    std::vector<std::uint8_t> buffer_;
};

} // namespace ktpel::signpad
