// SPDX-License-Identifier: Apache-2.0
// Little-endian payload fields of KSP messages and reports: the shared
// byte reader and writer, with every shortfall and every left-over byte a
// KSP FrameError.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/byte_reader.hpp"
#include "common/byte_writer.hpp"

namespace ktpel::signpad {

// Texts are led by their length in one byte (u8_prefixed_text); a longer
// one is refused (std::length_error).
using PayloadWriter = LittleEndianWriter;

// A payload that ends early is a malformed KSP message.
struct PayloadUnderrun
{
    [[noreturn]] static void raise(std::size_t offset, std::size_t wanted, std::size_t left);
};

// Reads fields in order; throws FrameError when the payload ends early.
using PayloadReader = LittleEndianReader<PayloadUnderrun>;

// Throws FrameError when bytes are left over: a message of the wrong size
// is not the message its opcode names.
void expect_end(const PayloadReader& reader);

} // namespace ktpel::signpad
