// SPDX-License-Identifier: Apache-2.0
// Big-endian field writer and bounds-checked reader for the ISO/IEC 19794
// binary records, which are big-endian throughout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace ktpel::biometrics::iris {

class BigEndianWriter
{
public:
    void u8(std::uint8_t v) { bytes_.push_back(v); }
    void u16(std::uint16_t v);
    void u32(std::uint32_t v);
    void raw(std::span<const std::uint8_t> data)
    {
        bytes_.insert(bytes_.end(), data.begin(), data.end());
    }
    // Overwrites a u32 written earlier (for length fields known only later).
    void patch_u32(std::size_t at, std::uint32_t v);
    std::size_t size() const { return bytes_.size(); }
    std::vector<std::uint8_t> take() { return std::move(bytes_); }

private:
    std::vector<std::uint8_t> bytes_;
};

// Every read past the end throws IrisRecordError(truncated) with the offset.
class BigEndianReader
{
public:
    explicit BigEndianReader(std::span<const std::uint8_t> data) : data_(data) {}

    std::uint8_t u8();
    std::uint16_t u16();
    std::uint32_t u32();
    std::span<const std::uint8_t> raw(std::size_t count);
    std::size_t offset() const { return offset_; }
    std::size_t remaining() const { return data_.size() - offset_; }

private:
    void need(std::size_t count) const;

    std::span<const std::uint8_t> data_;
    std::size_t offset_ = 0;
};

} // namespace ktpel::biometrics::iris
