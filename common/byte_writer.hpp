// SPDX-License-Identifier: Apache-2.0
// Appends fixed-order integers to a growing byte vector, the one every
// codec uses instead of its own shifts. Limits of a format (a string's
// maximum length, a container's maximum size) stay with the format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/endian.hpp"

namespace ktpel {

template <Endian order>
class ByteWriter
{
public:
    ByteWriter() = default;
    // Starts with room for a known size, to spare reallocations on large
    // images.
    explicit ByteWriter(std::size_t capacity) { bytes_.reserve(capacity); }

    ByteWriter& u8(std::uint8_t value)
    {
        bytes_.push_back(value);
        return *this;
    }
    ByteWriter& u16(std::uint16_t value) { return store(value, 2); }
    ByteWriter& u32(std::uint32_t value) { return store(value, 4); }
    ByteWriter& u64(std::uint64_t value) { return store(value, 8); }
    ByteWriter& bytes(std::span<const std::uint8_t> data)
    {
        bytes_.insert(bytes_.end(), data.begin(), data.end());
        return *this;
    }

    // The text's length in one byte, then its bytes. What a longer text
    // means (cut, refused) is the format's to decide before: here it is a
    // std::length_error.
    ByteWriter& u8_prefixed_text(std::string_view text)
    {
        if (text.size() > 255)
            throw std::length_error("a text of " + std::to_string(text.size()) +
                                    " bytes does not fit a one-byte length");
        u8(static_cast<std::uint8_t>(text.size()));
        return bytes({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
    }

    // Overwrites a u32 written earlier, for length fields known only once
    // the rest is written. Throws std::out_of_range past the end.
    void patch_u32(std::size_t at, std::uint32_t value)
    {
        for (std::size_t i = 0; i < 4; ++i)
            bytes_.at(at + i) = byte_of(value, i, 4);
    }

    std::size_t size() const noexcept { return bytes_.size(); }
    std::span<const std::uint8_t> view() const noexcept { return bytes_; }
    std::vector<std::uint8_t> take() { return std::move(bytes_); }

private:
    ByteWriter& store(std::uint64_t value, std::size_t width)
    {
        for (std::size_t i = 0; i < width; ++i)
            bytes_.push_back(byte_of(value, i, width));
        return *this;
    }

    // The i-th byte on the wire of a width-byte value.
    static std::uint8_t byte_of(std::uint64_t value, std::size_t i, std::size_t width)
    {
        const std::size_t shift = 8 * (order == Endian::big ? width - 1 - i : i);
        return static_cast<std::uint8_t>(value >> shift);
    }

    std::vector<std::uint8_t> bytes_;
};

using LittleEndianWriter = ByteWriter<Endian::little>;
using BigEndianWriter = ByteWriter<Endian::big>;

} // namespace ktpel
