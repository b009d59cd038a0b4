// SPDX-License-Identifier: Apache-2.0
#include <array>
#include <stdexcept>

#include <gtest/gtest.h>

#include "common/byte_reader.hpp"

namespace ktpel {
namespace {

constexpr std::array<std::uint8_t, 8> kBytes{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};

TEST(ByteReader, ReadsLittleEndian)
{
    LittleEndianReader<> in(kBytes);
    EXPECT_EQ(in.u8(), 0x01);
    EXPECT_EQ(in.u16(), 0x0302);
    EXPECT_EQ(in.u32(), 0x07060504u);
    EXPECT_EQ(in.remaining(), 1u);
    LittleEndianReader<> whole(kBytes);
    EXPECT_EQ(whole.u64(), 0x0807060504030201ull);
    EXPECT_TRUE(whole.at_end());
}

TEST(ByteReader, ReadsBigEndian)
{
    BigEndianReader<> in(kBytes);
    EXPECT_EQ(in.u16(), 0x0102);
    EXPECT_EQ(in.u32(), 0x03040506u);
    EXPECT_EQ(in.offset(), 6u);
    BigEndianReader<> whole(kBytes);
    EXPECT_EQ(whole.u64(), 0x0102030405060708ull);
}

TEST(ByteReader, BytesAndRestAreViews)
{
    LittleEndianReader<> in(kBytes);
    const auto head = in.bytes(3);
    ASSERT_EQ(head.size(), 3u);
    EXPECT_EQ(head.data(), kBytes.data());
    in.skip(1);
    const auto rest = in.rest();
    EXPECT_EQ(rest.size(), 4u);
    EXPECT_EQ(rest.front(), 0x05);
    EXPECT_TRUE(in.at_end());
}

TEST(ByteReader, UnderrunSaysWhereAndHowMuch)
{
    LittleEndianReader<> in(kBytes);
    in.skip(6);
    try {
        in.u32();
        FAIL() << "read past the end";
    } catch (const ByteUnderrun& error) {
        EXPECT_EQ(error.offset(), 6u);
        EXPECT_EQ(error.wanted(), 4u);
        EXPECT_EQ(error.left(), 2u);
    }
    // A failed read moves nothing.
    EXPECT_EQ(in.offset(), 6u);
    EXPECT_EQ(in.u16(), 0x0807);
}

struct FormatError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

struct FormatUnderrun
{
    [[noreturn]] static void raise(std::size_t, std::size_t, std::size_t)
    {
        throw FormatError("short");
    }
};

TEST(ByteReader, FormatsThrowTheirOwnError)
{
    BigEndianReader<FormatUnderrun> in(std::span<const std::uint8_t>(kBytes).first(1));
    EXPECT_THROW(in.u16(), FormatError);
    EXPECT_THROW(in.need(2), FormatError);
    EXPECT_NO_THROW(in.need(1));
}

} // namespace
} // namespace ktpel
