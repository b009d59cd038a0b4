// SPDX-License-Identifier: Apache-2.0
// The KIP wire format as a KIP device speaks it (docs/drivers/kip.md):
// it cuts the host's byte stream into command frames and reads CAPTURE's
// arguments; it writes INFO, STATUS, ACK, EVENT, the image messages and
// ERROR. The driver writes the other half (drivers/kip), so a test that
// puts one against the other finds a mistake in either.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ktpel::sim::kip_wire {

// What the host may ask; any other byte is answered with ERROR 5.
enum class Command : std::uint8_t
{
    get_info = 0x01,
    get_status = 0x02,
    capture = 0x03,
    abort = 0x04,
};

// What the device sends back.
enum class Message : std::uint8_t
{
    info = 0x81,
    status = 0x82,
    ack = 0x83,
    event = 0x84,
    image_begin = 0x85,
    image_data = 0x86,
    image_end = 0x87,
    error = 0x88,
};

// ERROR's code.
enum class Refusal : std::uint16_t
{
    // The answer to a command the device will not take.
    busy = 3,
    bad_frame = 4,
    unknown_command = 5,
    // The end of a capture that brought no image.
    no_subject = 1,
    sensor_fault = 2,
    aborted = 6,
    stream_timeout = 7,
};

// EVENT's byte: the heartbeat of a capture.
enum class Progress : std::uint8_t
{
    waiting_for_subject = 1,
    subject_detected = 2,
    capturing = 3,
};

// CAPTURE's mode byte, high nibble, with four fingers: which hand.
inline constexpr int kRightHandHint = 2;

// Bytes from the host that are not a KIP command: bad magic, a length
// over the limit, a wrong CRC, or a CAPTURE too short for its arguments.
class BadCommand : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct CommandFrame
{
    std::uint8_t command = 0; // the raw byte: an unknown one still gets an answer
    std::uint8_t sequence = 0;
    std::vector<std::uint8_t> payload;
};

// The device's receive buffer: bulk OUT transfers go in as they come (a
// command may be split or two joined), whole command frames come out.
// take() throws BadCommand on bytes that cannot be a frame; the buffer
// is then useless until clear().
class CommandStream
{
public:
    void append(std::span<const std::uint8_t> bytes);
    std::optional<CommandFrame> take();
    void clear() noexcept { pending_.clear(); }

private:
    std::vector<std::uint8_t> pending_;
};

// CAPTURE's arguments.
struct CaptureArguments
{
    int count = 0; // fingers or eyes: the mode's low nibble
    int hint = 0;  // the mode's high nibble: a hand, or a finger's ISO code
    std::uint32_t timeout_ms = 0;
    bool live = false; // the flags byte's bit 0; older hosts leave it out
};
// Throws BadCommand when the payload is too short.
CaptureArguments read_capture(std::span<const std::uint8_t> payload);

// What kind of imaging device this is.
enum class Modality : std::uint8_t
{
    fingerprint_slap = 1,
    iris_dual = 2,
    face = 3,
};

// What GET_INFO answers.
struct Identity
{
    std::uint16_t width = 0;
    std::uint16_t height = 0;
    std::uint16_t ppi = 0;
    Modality modality = Modality::fingerprint_slap;
    std::uint8_t images_per_capture = 1;
    std::string manufacturer;
    std::string model;
    std::string serial;
    std::string firmware;
};

// One whole frame to the host, CRC included.
std::vector<std::uint8_t> frame(Message message, std::uint8_t sequence,
                                std::span<const std::uint8_t> payload = {});

// The payloads of the device's messages (docs/drivers/kip.md, "Messages").
std::vector<std::uint8_t> info(const Identity& identity);
std::vector<std::uint8_t> status(bool capturing, bool subject_present);
std::vector<std::uint8_t> ack(Command acknowledged);
std::vector<std::uint8_t> event(Progress progress);
std::vector<std::uint8_t> image_begin(std::uint8_t index, std::uint8_t count, std::uint16_t width,
                                      std::uint16_t height, std::uint32_t size);
std::vector<std::uint8_t> image_data(std::uint32_t offset, std::span<const std::uint8_t> chunk);
// IMAGE_END carries the CRC of the whole image.
std::vector<std::uint8_t> image_end(std::span<const std::uint8_t> image);
std::vector<std::uint8_t> error(Refusal refusal, std::string_view text = {});

} // namespace ktpel::sim::kip_wire
