// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "drivers/kip/kip_frame.hpp"

namespace ktpel::kip {
namespace {

TEST(KipFrame, EncodesTheDocumentedLayout)
{
    const auto bytes = encode(Frame{MessageType::get_info, 7, {}});
    // 'K' 'P' type seq len(4, LE) crc(4, LE); the CRC-32 of the 8 header
    // bytes is fixed, so this is a golden value.
    ASSERT_EQ(bytes.size(), 12u);
    EXPECT_EQ(bytes[0], 'K');
    EXPECT_EQ(bytes[1], 'P');
    EXPECT_EQ(bytes[2], 0x01);
    EXPECT_EQ(bytes[3], 7);
    EXPECT_EQ(bytes[4] | bytes[5] | bytes[6] | bytes[7], 0);
    const std::uint32_t crc =
        bytes[8] | bytes[9] << 8 | bytes[10] << 16 | std::uint32_t{bytes[11]} << 24;
    EXPECT_EQ(crc, crc32_of(std::span(bytes).first(8)));
}

TEST(KipFrame, ReassemblesFramesSplitAcrossTransfers)
{
    auto first = encode(Frame{MessageType::image_data, 1, std::vector<std::uint8_t>(1000, 0xab)});
    const auto second = encode(Frame{MessageType::image_end, 1, {1, 2, 3, 4}});
    first.insert(first.end(), second.begin(), second.end());
    FrameReader reader;
    for (std::size_t i = 0; i < first.size(); i += 37) {
        reader.feed(std::span(first).subspan(i, std::min<std::size_t>(37, first.size() - i)));
    }
    auto a = reader.next();
    auto b = reader.next();
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->payload.size(), 1000u);
    EXPECT_EQ(b->type, MessageType::image_end);
    EXPECT_FALSE(reader.next());
}

TEST(KipFrame, DetectsCorruption)
{
    auto bytes = encode(Frame{MessageType::status, 2, {1, 0}});
    bytes[9] ^= 0x40; // flip a payload bit
    FrameReader reader;
    reader.feed(bytes);
    EXPECT_THROW(reader.next(), FrameError);

    FrameReader bad_magic;
    bad_magic.feed(std::vector<std::uint8_t>{'X', 'P', 1, 0, 0, 0, 0, 0});
    EXPECT_THROW(bad_magic.next(), FrameError);

    FrameReader oversized;
    oversized.feed(std::vector<std::uint8_t>{'K', 'P', 1, 0, 0xff, 0xff, 0xff, 0x7f});
    EXPECT_THROW(oversized.next(), FrameError);
}

TEST(KipFrame, PayloadReaderRefusesShortPayloads)
{
    const std::vector<std::uint8_t> payload{1, 2, 3};
    PayloadReader reader(payload);
    EXPECT_EQ(reader.u16(), 0x0201);
    EXPECT_THROW(reader.u16(), FrameError);
}

} // namespace
} // namespace ktpel::kip
