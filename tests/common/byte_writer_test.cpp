// SPDX-License-Identifier: Apache-2.0
#include <array>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "common/byte_writer.hpp"

namespace ktpel {
namespace {

using Bytes = std::vector<std::uint8_t>;

TEST(ByteWriter, WritesLittleEndian)
{
    LittleEndianWriter out;
    out.u8(0x01).u16(0x0302).u32(0x07060504).u64(0x0f0e0d0c0b0a0908);
    EXPECT_EQ(out.take(), (Bytes{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}));
}

TEST(ByteWriter, WritesBigEndian)
{
    BigEndianWriter out;
    out.u8(0x01).u16(0x0203).u32(0x04050607).u64(0x08090a0b0c0d0e0f);
    EXPECT_EQ(out.take(), (Bytes{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}));
}

TEST(ByteWriter, PatchesALengthWrittenEarlier)
{
    BigEndianWriter out;
    out.u16(0xaaaa).u32(0).bytes(std::array<std::uint8_t, 2>{0xbb, 0xcc});
    out.patch_u32(2, static_cast<std::uint32_t>(out.size()));
    EXPECT_EQ(out.take(), (Bytes{0xaa, 0xaa, 0, 0, 0, 8, 0xbb, 0xcc}));
}

TEST(ByteWriter, PatchPastTheEndThrows)
{
    LittleEndianWriter out;
    out.u16(0);
    EXPECT_THROW(out.patch_u32(0, 1), std::out_of_range);
}

} // namespace
} // namespace ktpel
