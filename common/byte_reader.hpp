// SPDX-License-Identifier: Apache-2.0
// Bounds-checked reader of fixed-order integers from a byte span, the one
// every codec uses instead of its own shifts.
//
// OnUnderrun is a type with a static [[noreturn]] raise(offset, wanted,
// left): a format passes its own so that a short KIP payload stays a KIP
// FrameError and a short ISO record an ISO decode error, without a
// try/catch around every field. The default throws ktpel::ByteUnderrun.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "common/byte_underrun.hpp"
#include "common/endian.hpp"

namespace ktpel {

template <Endian order, typename OnUnderrun = ThrowByteUnderrun>
class ByteReader
{
public:
    explicit ByteReader(std::span<const std::uint8_t> data) : data_(data) {}

    std::uint8_t u8() { return data_[claim(1)]; }
    std::uint16_t u16() { return static_cast<std::uint16_t>(load(claim(2), 2)); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(load(claim(4), 4)); }
    std::uint64_t u64() { return load(claim(8), 8); }

    // The next count bytes as they are, a view into the reader's span.
    std::span<const std::uint8_t> bytes(std::size_t count)
    {
        return data_.subspan(claim(count), count);
    }
    // The next count bytes as text (the format says what encoding).
    std::string text(std::size_t count)
    {
        const auto run = bytes(count);
        return {run.begin(), run.end()};
    }
    // A text led by its length in one byte, how small device protocols
    // spell names and serial numbers.
    std::string u8_prefixed_text() { return text(u8()); }
    // Everything not read yet; the reader is then at its end.
    std::span<const std::uint8_t> rest() { return bytes(remaining()); }
    void skip(std::size_t count) { claim(count); }
    // Raises the underrun now, for a format that knows a whole run of fields
    // cannot fit before reading the first.
    void need(std::size_t count) const
    {
        if (count > remaining())
            OnUnderrun::raise(offset_, count, remaining());
    }

    std::size_t offset() const noexcept { return offset_; }
    std::size_t remaining() const noexcept { return data_.size() - offset_; }
    bool at_end() const noexcept { return offset_ == data_.size(); }

private:
    // Checks count bytes are left, moves past them, returns where they start.
    std::size_t claim(std::size_t count)
    {
        need(count);
        const std::size_t at = offset_;
        offset_ += count;
        return at;
    }

    std::uint64_t load(std::size_t at, std::size_t width) const
    {
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < width; ++i) {
            const std::size_t index = order == Endian::big ? at + i : at + width - 1 - i;
            value = (value << 8) | data_[index];
        }
        return value;
    }

    std::span<const std::uint8_t> data_;
    std::size_t offset_ = 0;
};

template <typename OnUnderrun = ThrowByteUnderrun>
using LittleEndianReader = ByteReader<Endian::little, OnUnderrun>;
template <typename OnUnderrun = ThrowByteUnderrun>
using BigEndianReader = ByteReader<Endian::big, OnUnderrun>;

} // namespace ktpel
