// SPDX-License-Identifier: Apache-2.0
// Little-endian payload fields of KSP messages and reports.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace ktpel::signpad {

class PayloadWriter
{
public:
    PayloadWriter& u8(std::uint8_t value);
    PayloadWriter& u16(std::uint16_t value);
    PayloadWriter& u32(std::uint32_t value);
    // u8 length, then the bytes; throws FrameError above 255 bytes.
    PayloadWriter& short_string(const std::string& text);
    std::vector<std::uint8_t> take() { return std::move(out_); }

private:
    std::vector<std::uint8_t> out_;
};

// Reads fields in order; throws FrameError when the payload ends early.
class PayloadReader
{
public:
    explicit PayloadReader(std::span<const std::uint8_t> payload) : data_(payload) {}
    std::uint8_t u8();
    std::uint16_t u16();
    std::uint32_t u32();
    std::string short_string();
    std::string rest_as_text();
    // Throws FrameError when bytes are left over: a message of the wrong
    // size is not the message its opcode names.
    void expect_end() const;

private:
    void need(std::size_t count) const;
    std::span<const std::uint8_t> data_;
    std::size_t offset_ = 0;
};

} // namespace ktpel::signpad
