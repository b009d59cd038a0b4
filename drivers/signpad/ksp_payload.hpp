// SPDX-License-Identifier: Apache-2.0
// Little-endian payload fields of KSP messages and reports, on top of the
// shared byte reader and writer; what is KSP's own here is the string
// layout and that every shortfall is a KSP FrameError.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"

namespace ktpel::signpad {

class PayloadWriter
{
public:
    PayloadWriter& u8(std::uint8_t value)
    {
        out_.u8(value);
        return *this;
    }
    PayloadWriter& u16(std::uint16_t value)
    {
        out_.u16(value);
        return *this;
    }
    PayloadWriter& u32(std::uint32_t value)
    {
        out_.u32(value);
        return *this;
    }
    // u8 length, then the bytes; throws FrameError above 255 bytes.
    PayloadWriter& short_string(const std::string& text);
    std::vector<std::uint8_t> take() { return out_.take(); }

private:
    LittleEndianWriter out_;
};

// A payload that ends early is a malformed KSP message.
struct PayloadUnderrun
{
    [[noreturn]] static void raise(std::size_t offset, std::size_t wanted, std::size_t left);
};

// Reads fields in order; throws FrameError when the payload ends early.
class PayloadReader
{
public:
    explicit PayloadReader(std::span<const std::uint8_t> payload) : in_(payload) {}
    std::uint8_t u8() { return in_.u8(); }
    std::uint16_t u16() { return in_.u16(); }
    std::uint32_t u32() { return in_.u32(); }
    std::string short_string();
    std::string rest_as_text();
    // Throws FrameError when bytes are left over: a message of the wrong
    // size is not the message its opcode names.
    void expect_end() const;

private:
    LittleEndianReader<PayloadUnderrun> in_;
};

} // namespace ktpel::signpad
