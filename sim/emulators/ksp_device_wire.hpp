// SPDX-License-Identifier: Apache-2.0
// The KSP wire format as the signature pad speaks it (docs/signature-pad.md):
// it cuts the host's bulk stream into commands and reads START_CAPTURE's
// flags; it writes the answers on bulk IN and the pen, button and
// heartbeat reports on interrupt IN. The driver writes the other half
// (drivers/signpad), so the codec tests can put one against the other.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ktpel::sim::ksp_wire {

// The commands a pad carries out; any other opcode is refused.
enum class Command : std::uint8_t
{
    identify = 0x01,
    get_info = 0x02,
    clear_screen = 0x03,
    start_capture = 0x04,
    stop_capture = 0x05,
};

// ERROR's code.
enum class Refusal : std::uint16_t
{
    unknown_opcode = 1,
    bad_length = 2,
    bad_argument = 3,
    sensor_fault = 4,
};

enum class Button : std::uint8_t
{
    ok = 1,
    clear = 2,
    cancel = 3,
};

// Major version in the high byte.
inline constexpr std::uint16_t kProtocolVersion = 0x0100;
// A heartbeat goes out when this much pad time passed without a report.
inline constexpr std::uint32_t kHeartbeatPeriodMs = 250;

// Bytes on the command pipe that are not KSP (bad magic, an oversized
// length), or a command whose payload breaks the protocol's rules.
class BadCommand : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct CommandFrame
{
    std::uint8_t opcode = 0; // the raw byte: an unknown one is refused, not thrown
    std::uint8_t tag = 0;
    std::vector<std::uint8_t> payload;
};

// The pad's receive buffer: bulk OUT transfers in, whole commands out.
// take() throws BadCommand as soon as the bytes cannot be KSP; the pad
// then clears the buffer (and halts its IN pipe).
class CommandStream
{
public:
    void append(std::span<const std::uint8_t> bytes);
    std::optional<CommandFrame> take();
    void clear() noexcept { pending_.clear(); }

private:
    std::vector<std::uint8_t> pending_;
};

// "IDENTIFY", ..., or the opcode in hex: for ERROR messages.
std::string command_name(std::uint8_t opcode);

// START_CAPTURE's one flags byte: whether to report a hovering pen.
// Throws BadCommand when a reserved bit is set. The caller checks the size.
bool reports_hover(std::uint8_t flags);

struct Identity
{
    std::string manufacturer;
    std::string model;
    std::string serial;
    std::string firmware;
};

struct Surface
{
    std::uint16_t width_units = 0;
    std::uint16_t height_units = 0;
    std::uint32_t units_per_metre = 0;
    std::uint16_t max_pressure = 0;
    std::uint16_t report_rate_hz = 0;
    std::uint16_t screen_width = 0;
    std::uint16_t screen_height = 0;
    bool ok_button = true;
    bool clear_button = true;
    bool cancel_button = true;
};

// Answers on bulk IN: the command's opcode with bit 7 set and its tag.
std::vector<std::uint8_t> answer(const CommandFrame& command,
                                 std::span<const std::uint8_t> payload = {});
std::vector<std::uint8_t> refusal(const CommandFrame& command, Refusal code,
                                  std::string_view message);
// The payloads of IDENTITY and INFO.
std::vector<std::uint8_t> identity(const Identity& identity);
std::vector<std::uint8_t> surface(const Surface& surface);

// What the pen does at one report.
struct Pen
{
    bool tip = false;      // touching the glass
    bool in_range = false; // close enough to sense; false once: the pen left
    std::uint16_t x = 0;
    std::uint16_t y = 0;
    std::uint16_t pressure = 0;
};

// Interrupt IN reports, one transfer each. `sequence` counts the reports
// of a capture, `time_ms` is pad time since START_CAPTURE.
std::vector<std::uint8_t> pen_report(const Pen& pen, std::uint16_t sequence, std::uint32_t time_ms);
std::vector<std::uint8_t> button_report(Button button, std::uint16_t sequence,
                                        std::uint32_t time_ms);
std::vector<std::uint8_t> heartbeat_report(bool capturing, std::uint16_t sequence,
                                           std::uint32_t time_ms);

} // namespace ktpel::sim::ksp_wire
