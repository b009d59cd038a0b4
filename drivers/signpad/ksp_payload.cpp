// SPDX-License-Identifier: Apache-2.0
#include "ksp_payload.hpp"

#include "ksp_frame.hpp"

namespace ktpel::signpad {

PayloadWriter& PayloadWriter::u8(std::uint8_t value)
{
    out_.push_back(value);
    return *this;
}

PayloadWriter& PayloadWriter::u16(std::uint16_t value)
{
    out_.push_back(static_cast<std::uint8_t>(value & 0xff));
    out_.push_back(static_cast<std::uint8_t>(value >> 8));
    return *this;
}

PayloadWriter& PayloadWriter::u32(std::uint32_t value)
{
    for (int shift = 0; shift < 32; shift += 8)
        out_.push_back(static_cast<std::uint8_t>((value >> shift) & 0xff));
    return *this;
}

PayloadWriter& PayloadWriter::short_string(const std::string& text)
{
    if (text.size() > 255)
        throw FrameError("KSP string longer than 255 bytes");
    out_.push_back(static_cast<std::uint8_t>(text.size()));
    out_.insert(out_.end(), text.begin(), text.end());
    return *this;
}

void PayloadReader::need(std::size_t count) const
{
    if (data_.size() - offset_ < count)
        throw FrameError("KSP payload ends early");
}

std::uint8_t PayloadReader::u8()
{
    need(1);
    return data_[offset_++];
}

std::uint16_t PayloadReader::u16()
{
    need(2);
    const auto value = static_cast<std::uint16_t>(data_[offset_] | (data_[offset_ + 1] << 8));
    offset_ += 2;
    return value;
}

std::uint32_t PayloadReader::u32()
{
    need(4);
    std::uint32_t value = 0;
    for (int i = 3; i >= 0; --i)
        value = (value << 8) | data_[offset_ + static_cast<std::size_t>(i)];
    offset_ += 4;
    return value;
}

std::string PayloadReader::short_string()
{
    const std::size_t length = u8();
    need(length);
    std::string text(reinterpret_cast<const char*>(data_.data() + offset_), length);
    offset_ += length;
    return text;
}

std::string PayloadReader::rest_as_text()
{
    std::string text(reinterpret_cast<const char*>(data_.data() + offset_), data_.size() - offset_);
    offset_ = data_.size();
    return text;
}

void PayloadReader::expect_end() const
{
    if (offset_ != data_.size())
        throw FrameError("KSP payload has " + std::to_string(data_.size() - offset_) +
                         " bytes too many");
}

} // namespace ktpel::signpad
