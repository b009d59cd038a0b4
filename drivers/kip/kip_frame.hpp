// SPDX-License-Identifier: Apache-2.0
// KIP ("KTP imaging protocol") framing, the wire format of the imaging
// device family ktpeld ships a driver for: slap fingerprint scanners, dual
// iris scanners and capture cameras. docs/drivers/kip.md describes it.
//
//   offset 0  'K' 'P'        magic
//          2  u8             message type
//          3  u8             sequence (the device echoes the host's)
//          4  u32 LE         payload length (at most kMaxPayload)
//          8  payload
//        8+n  u32 LE         CRC-32 (zlib) of bytes 0 .. 8+n-1
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"

namespace ktpel::kip {

inline constexpr std::size_t kHeaderSize = 8;
inline constexpr std::size_t kTrailerSize = 4;
inline constexpr std::size_t kMaxPayload = 1 << 20;
inline constexpr std::uint8_t kEndpointOut = 0x01;
inline constexpr std::uint8_t kEndpointIn = 0x81;

enum class MessageType : std::uint8_t
{
    // host -> device
    get_info = 0x01,
    get_status = 0x02,
    capture = 0x03, // payload: u8 mode, u32 timeout_ms, optional u8 flags
    abort = 0x04,
    // device -> host
    info = 0x81, // u16 width, u16 height, u16 ppi, u8 modality, u8 image_count, 4 x (u8 len, bytes)
    status = 0x82,      // u8 state (0 idle, 1 capturing), u8 subject_present
    ack = 0x83,         // u8 echoed command type
    event = 0x84,       // u8 event (1 waiting, 2 subject detected, 3 capturing)
    image_begin = 0x85, // u8 index, u8 count, u16 width, u16 height, u32 size
    image_data = 0x86,  // u32 offset, bytes
    image_end = 0x87,   // u32 CRC-32 of the whole image
    error = 0x88,       // u16 code, then message bytes
};

enum class Modality : std::uint8_t
{
    fingerprint_slap = 1,
    iris_dual = 2,
    face = 3,
};

enum class DeviceErrorCode : std::uint16_t
{
    no_subject = 1,
    sensor_fault = 2,
    busy = 3,
    bad_frame = 4,
    unknown_command = 5,
    aborted = 6,
    stream_timeout = 7, // a live stream reached its timeout
};

// CAPTURE's mode byte: the low nibble is the number of fingers (or eyes)
// to expect; the high nibble a hint: for four fingers the hand (1 left,
// 2 right), for one finger its ISO/IEC 19794-2 position code (1..10).
inline constexpr std::uint8_t kModeHandLeft = 0x10;
inline constexpr std::uint8_t kModeHandRight = 0x20;
// CAPTURE's flags byte.
inline constexpr std::uint8_t kCaptureLive = 0x01; // stream frames until ABORT or the timeout

enum class DeviceEvent : std::uint8_t
{
    waiting_for_subject = 1,
    subject_detected = 2,
    capturing = 3,
};

struct Frame
{
    MessageType type{};
    std::uint8_t sequence = 0;
    std::vector<std::uint8_t> payload;
};

class FrameError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

std::vector<std::uint8_t> encode(const Frame& frame);

// Accumulates a byte stream (bulk transfers may split or join frames) and
// yields whole frames. Throws FrameError on bad magic, size or CRC: the
// stream cannot be resynchronised, the caller must reset the device.
class FrameReader
{
public:
    void feed(std::span<const std::uint8_t> bytes);
    std::optional<Frame> next();
    void reset() { buffer_.clear(); }
    std::size_t buffered() const noexcept { return buffer_.size(); }

private:
    std::vector<std::uint8_t> buffer_;
};

std::uint32_t crc32_of(std::span<const std::uint8_t> bytes);

// Payload fields are little-endian; texts are led by their length in one
// byte (u8_prefixed_text).
using PayloadWriter = LittleEndianWriter;

// A payload that ends early is a malformed KIP message, so the shared
// reader throws KIP's own error.
struct PayloadUnderrun
{
    [[noreturn]] static void raise(std::size_t offset, std::size_t wanted, std::size_t left);
};

using PayloadReader = LittleEndianReader<PayloadUnderrun>;

} // namespace ktpel::kip
