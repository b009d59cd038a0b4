// SPDX-License-Identifier: Apache-2.0
#include "byte_buffer.hpp"

#include <string>

#include "iris_record_error.hpp"

namespace ktpel::biometrics::iris {

void BigEndianWriter::u16(std::uint16_t v)
{
    bytes_.push_back(static_cast<std::uint8_t>(v >> 8));
    bytes_.push_back(static_cast<std::uint8_t>(v));
}

void BigEndianWriter::u32(std::uint32_t v)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        bytes_.push_back(static_cast<std::uint8_t>(v >> shift));
}

void BigEndianWriter::patch_u32(std::size_t at, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        bytes_.at(at + static_cast<std::size_t>(i)) = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

void BigEndianReader::need(std::size_t count) const
{
    if (count > remaining())
        throw IrisRecordError(IrisRecordFault::truncated, offset_,
                              "need " + std::to_string(count) + " bytes, " +
                                  std::to_string(remaining()) + " left");
}

std::uint8_t BigEndianReader::u8()
{
    need(1);
    return data_[offset_++];
}

std::uint16_t BigEndianReader::u16()
{
    need(2);
    const auto v = static_cast<std::uint16_t>((data_[offset_] << 8) | data_[offset_ + 1]);
    offset_ += 2;
    return v;
}

std::uint32_t BigEndianReader::u32()
{
    need(4);
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
        v = (v << 8) | data_[offset_ + static_cast<std::size_t>(i)];
    offset_ += 4;
    return v;
}

std::span<const std::uint8_t> BigEndianReader::raw(std::size_t count)
{
    need(count);
    auto out = data_.subspan(offset_, count);
    offset_ += count;
    return out;
}

} // namespace ktpel::biometrics::iris
